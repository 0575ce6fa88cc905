using AktivResept.Server.Common.Jobs;

namespace AktivResept.Server.Features.SectorStatistics;

/// <summary>Options under <c>SectorStatistics</c>: whether this instance runs the daily job, and how often it looks.</summary>
public sealed class SectorStatisticsOptions
{
    public bool RunJob { get; set; } = true;

    /// <summary>How often the job checks whether today's snapshot exists (it computes one a day).</summary>
    public int IntervalSeconds { get; set; } = 900;
}

/// <summary>
/// Refreshes the statistics daily: each pass stores today's snapshot if none exists yet. The worker runs a pass at
/// start, so a fresh demo database has figures at once. Safe with several instances (one row per day).
/// </summary>
public sealed class SectorStatisticsJob(SectorStatisticsStore store) : IPeriodicJob
{
    public Task RunOnceAsync(CancellationToken ct) => store.EnsureTodayAsync(ct);
}
