namespace AktivResept.Server.Common.Audit;

/// <summary>
/// The closing of one month of the audit log (<see cref="Domain.Audit.AuditMonth"/>): written once by
/// <see cref="AuditSealingJob"/> when the month and its grace are over and every row in it is chained, with the chain's
/// last sequence number and hash. <c>verify-audit</c> checks the month's chain still ends there; retention drops only
/// closed months and stamps <see cref="DroppedAt"/> (as the owner role: the application may only append here).
/// </summary>
public sealed class AuditMonthSeal
{
    public DateOnly Month { get; set; }

    public long LastSequence { get; set; }

    public byte[] LastHash { get; set; } = [];

    public DateTimeOffset SealedAt { get; set; }

    /// <summary>When retention dropped the month's partitions; null while its rows are kept.</summary>
    public DateTimeOffset? DroppedAt { get; set; }
}
