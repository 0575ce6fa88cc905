using System.Security.Cryptography;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AktivResept.Server.Features.Health;

/// <summary>
/// Ready only when the person-data keys load and open what is stored: a malformed key (which the keyed services refuse
/// when built) or a well-formed wrong one (a secret store serving another environment's key) would otherwise make
/// every request about a person fail. One stored national id is decrypted in memory and must hash to its own lookup
/// hash, which proves both keys; nothing of it leaves this method, so no person reads it and no audit row is written.
/// </summary>
internal sealed class PersonDataKeysHealthCheck(IServiceProvider services, AktivDbContext db) : IHealthCheck
{
    private static readonly byte[] Probe = "aktivresept/readiness"u8.ToArray();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        AtRestCipher cipher;
        NationalIdLookupHash lookup;
        try
        {
            cipher = services.GetRequiredService<AtRestCipher>();
            lookup = services.GetRequiredService<NationalIdLookupHash>();
            if (!cipher.DecryptBytes(cipher.EncryptBytes(Probe)).AsSpan().SequenceEqual(Probe))
            {
                return HealthCheckResult.Unhealthy("The person-data key does not round-trip.");
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or CryptographicException or ArgumentException)
        {
            return HealthCheckResult.Unhealthy("A person-data key cannot be loaded.");
        }

        var stored = await db.People.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new { p.NationalIdCipher, p.NationalIdHash })
            .FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return HealthCheckResult.Healthy();
        }

        try
        {
            return lookup.Of(cipher.Decrypt(stored.NationalIdCipher)) == stored.NationalIdHash
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Security:PersonLookupKey is not the key the stored lookup hashes were made with.");
        }
        catch (UnknownPersonDataKeyException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
        catch (CryptographicException)
        {
            return HealthCheckResult.Unhealthy("A key of the person-data ring is not the key the stored national ids were encrypted with under its id.");
        }
    }
}
