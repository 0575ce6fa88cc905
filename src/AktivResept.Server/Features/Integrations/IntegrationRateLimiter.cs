using AktivResept.Server.Common.RateLimits;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Integrations;

/// <summary>
/// A fixed window of deliveries per integration (<c>Integrations:RateLimitRequests</c> per
/// <c>Integrations:RateLimitWindowSeconds</c>), counted in the shared rate-limit table like every other limit, so two
/// app nodes give a gym one allowance, not two. Applied after the signature check, so a forger cannot spend a gym's
/// allowance.
/// </summary>
public sealed class IntegrationRateLimiter(RateLimitCounters counters, RateLimitPartitions partitions, IOptions<IntegrationOptions> options, TimeProvider clock)
{
    /// <summary>Null when the delivery may go ahead; otherwise how long the sender should wait.</summary>
    public async Task<TimeSpan?> TryAcquireAsync(Guid integrationId, CancellationToken ct)
    {
        var window = Math.Max(1, options.Value.RateLimitWindowSeconds);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var start = now - (now % window);
        var hit = new CounterHit(RateLimitPolicy.WebhookPerIntegration, partitions.Of(PartitionBy.Integration, integrationId.ToString()), start, start + window);
        var counts = await counters.CountAsync([hit], ct);
        return counts[hit.Policy.Name] > Math.Max(1, options.Value.RateLimitRequests) ? TimeSpan.FromSeconds(start + window - now) : null;
    }
}
