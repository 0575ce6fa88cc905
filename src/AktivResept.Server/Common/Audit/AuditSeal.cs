namespace AktivResept.Server.Common.Audit;

/// <summary>
/// The seal of one audit row: its place in the hash chain and the hash over it and every row before it
/// (<see cref="Domain.Audit.AuditChain"/>). Written by <see cref="AuditSealingJob"/> after the row committed, so no
/// request waits for the chain. A separate table, so the application never needs to UPDATE an audit row.
/// </summary>
public sealed class AuditSeal
{
    public long Sequence { get; set; }

    public long AuditRecordId { get; set; }

    public byte[] Hash { get; set; } = [];

    public DateTimeOffset SealedAt { get; set; }
}
