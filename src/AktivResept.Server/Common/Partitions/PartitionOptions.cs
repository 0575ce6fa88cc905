namespace AktivResept.Server.Common.Partitions;

/// <summary>Section <c>Partitions</c>: the job that keeps the monthly partitions of the audit log and attendance ready.</summary>
public sealed class PartitionOptions
{
    public const string Section = "Partitions";

    /// <summary>Whether this instance runs <see cref="MonthlyPartitionJob"/> (safe in every instance: an advisory lock per table family).</summary>
    public bool RunJob { get; set; } = true;

    public int IntervalSeconds { get; set; } = 3600;

    /// <summary>Monthly partitions kept ready beyond the current month.</summary>
    public int MonthsAhead { get; set; } = 3;
}
