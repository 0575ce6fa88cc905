using AktivResept.Server.Common.Jobs;

namespace AktivResept.Server.Common.Security.KeyRotation;

/// <summary>Section <c>Security:Rekey</c>: the job that rewrites values under older person-data keys to the current key.</summary>
public sealed class PersonDataRekeyOptions
{
    public const string Section = "Security:Rekey";

    /// <summary>Whether this instance runs the job (safe in every instance: batches take turns, each row is swapped only if unchanged).</summary>
    public bool RunJob { get; set; } = true;

    /// <summary>Seconds between passes; once all is rewritten a pass only scans each protected column once and finds nothing.</summary>
    public int IntervalSeconds { get; set; } = 3600;

    /// <summary>Values rewritten per transaction (and per audit record).</summary>
    public int BatchSize { get; set; } = 500;

    public PeriodicJobSchedule Schedule => PeriodicJobSchedule.Every(RunJob, IntervalSeconds);
}
