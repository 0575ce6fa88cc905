using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.RateLimits;

/// <summary>Removes counters of windows that have ended. One indexed delete; safe in every instance at once.</summary>
public sealed class RateLimitCleanupJob(AktivDbContext db, TimeProvider clock) : IPeriodicJob
{
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        await db.RateLimitCounters.Where(c => c.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }
}
