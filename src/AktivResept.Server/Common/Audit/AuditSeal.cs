namespace AktivResept.Server.Common.Audit;

/// <summary>
/// The seal of one audit row: its place in its month's hash chain and the hash over it and every row before it in that month
/// (<see cref="Domain.Audit.AuditChain"/>). Written by <see cref="AuditSealingJob"/> after the row committed, so no
/// request waits for the chain. A separate table, so the application never needs to UPDATE an audit row.
/// </summary>
public sealed class AuditSeal
{
    /// <summary>The month of the sealed row's <c>At</c>: each month has its own chain from its own genesis.</summary>
    public DateOnly Month { get; set; }

    /// <summary>The place in its month's chain, from 1.</summary>
    public long Sequence { get; set; }

    public long AuditRecordId { get; set; }

    public byte[] Hash { get; set; } = [];

    public DateTimeOffset SealedAt { get; set; }
}
