using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AktivResept.Server.Features.Health;

/// <summary>
/// Ready only when the data-protection key ring works (its table readable and writable, its keys opening with
/// DataProtection:KeyEncryptionKey): without it no sign-in cookie or form token can be issued or read.
/// </summary>
internal sealed class DataProtectionHealthCheck(IDataProtectionProvider provider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var protector = provider.CreateProtector("AktivResept.Readiness");
            return Task.FromResult(protector.Unprotect(protector.Protect("ready")) == "ready"
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The data-protection key ring does not round-trip."));
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The data-protection key ring cannot be used."));
        }
    }
}
