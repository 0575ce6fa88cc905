namespace AktivResept.Server.Common.Jobs;

/// <summary>A background job that <see cref="PeriodicJobWorker{TJob}"/> runs, one pass at a time, in a fresh DI scope.</summary>
public interface IPeriodicJob
{
    /// <summary>One pass. Must be safe while other app instances run the same job.</summary>
    Task RunOnceAsync(CancellationToken ct);
}

/// <summary>Whether a job runs in this instance, and how long it waits between passes.</summary>
public sealed record PeriodicJobSchedule(bool Enabled, TimeSpan Interval)
{
    /// <summary>A schedule from the usual pair of settings: a run flag and an interval in seconds (at least one).</summary>
    public static PeriodicJobSchedule Every(bool enabled, int seconds) => new(enabled, TimeSpan.FromSeconds(Math.Max(1, seconds)));
}
