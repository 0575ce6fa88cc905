using AktivResept.Domain.Audit;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Audit;

/// <summary>
/// Seals committed audit rows into the hash chain, in batches, after the fact: requests only INSERT their rows and never
/// wait on the chain. One sealer at a time (an advisory lock on PostgreSQL; SQLite has one writer), and the sequence
/// number is the primary key, so a second sealer in a race fails instead of forking the chain. A row whose transaction
/// commits after later rows were sealed is sealed in the next pass, further down the chain: the chain's order is the
/// sealing order, not the id order.
/// </summary>
public sealed class AuditSealingJob(AktivDbContext db, TimeProvider clock, IOptions<AuditOptions> options) : IPeriodicJob
{
    /// <summary>How far before the last sealed row a pass looks for late commits, so a pass does not scan the whole log.</summary>
    public static readonly TimeSpan LateCommitWindow = TimeSpan.FromHours(1);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        while (await SealBatchAsync(ct) > 0)
        {
        }
    }

    /// <summary>Seals up to one batch in one transaction; returns how many rows it sealed.</summary>
    public async Task<int> SealBatchAsync(CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!db.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended('audit-sealer', 0))", ct);
        }

        var last = await db.AuditSeals.AsNoTracking().OrderByDescending(s => s.Sequence).FirstOrDefaultAsync(ct);
        var unsealed = db.AuditRecords.AsNoTracking().Where(a => !db.AuditSeals.Any(s => s.AuditRecordId == a.Id));
        if (last is not null && !db.IsSqlite())
        {
            // SQLite cannot compare DateTimeOffset in SQL; it is the small embedded mode, so it scans.
            var lastAt = await db.AuditRecords.Where(a => a.Id == last.AuditRecordId).Select(a => (DateTimeOffset?)a.At).FirstOrDefaultAsync(ct);
            if (lastAt is { } at)
            {
                var from = at - LateCommitWindow;
                unsealed = unsealed.Where(a => a.At >= from);
            }
        }

        var rows = await unsealed.OrderBy(a => a.Id).Take(Math.Max(1, options.Value.SealBatchSize)).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return 0;
        }

        var sequence = last?.Sequence ?? 0;
        var hash = last?.Hash ?? AuditChain.Genesis;
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            sequence++;
            hash = AuditChain.Link(hash, sequence, AuditEntries.Of(row));
            db.AuditSeals.Add(new AuditSeal { Sequence = sequence, AuditRecordId = row.Id, Hash = hash, SealedAt = now });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return rows.Count;
    }
}
