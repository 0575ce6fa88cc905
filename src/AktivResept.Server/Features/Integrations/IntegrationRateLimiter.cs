using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Integrations;

/// <summary>
/// A fixed window of requests per integration, per app instance. Applied after the signature check, so a forger
/// cannot spend a gym's allowance.
/// </summary>
public sealed class IntegrationRateLimiter(IOptions<IntegrationOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter = PartitionedRateLimiter.Create<Guid, Guid>(id =>
        RateLimitPartition.GetFixedWindowLimiter(id, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.RateLimitRequests),
            Window = TimeSpan.FromSeconds(Math.Max(1, options.Value.RateLimitWindowSeconds)),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when the request may go ahead; otherwise how long the sender should wait.</summary>
    public TimeSpan? TryAcquire(Guid integrationId)
    {
        using var lease = _limiter.AttemptAcquire(integrationId);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(options.Value.RateLimitWindowSeconds);
    }

    public void Dispose() => _limiter.Dispose();
}
