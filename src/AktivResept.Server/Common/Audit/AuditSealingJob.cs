using AktivResept.Domain.Audit;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Server.Common.Audit;

/// <summary>
/// Seals committed audit rows into their month's hash chain (<see cref="AuditMonth"/>), in batches, after the fact:
/// requests only INSERT their rows and never wait on the chain. One sealer at a time (an advisory lock on PostgreSQL;
/// SQLite has one writer), and (month, sequence) is the primary key, so a second sealer in a race fails instead of
/// forking a chain. A row whose transaction commits after later rows were sealed is sealed in the next pass, further
/// down its month's chain: a chain's order is the sealing order, not the id order. Then each month that is over by
/// more than <see cref="AuditOptions.SealGraceMinutes"/> is closed: its last unsealed rows chained (no window), and
/// its final sequence number and hash recorded once in <see cref="AuditMonthSeal"/>.
/// A pass looks only at rows past the highest sealed id (an index range on the id), and every
/// <see cref="AuditOptions.LateCommitSweepSeconds"/> also back over <see cref="LateCommitWindow"/> for rows whose
/// transaction committed after later rows were sealed: scanning the window on every pass cost a read of the last
/// hour's audit log every few seconds (profiled: 23 ms a pass, a third of PostgreSQL's work per FHIR search under load).
/// </summary>
public sealed class AuditSealingJob(AktivDbContext db, TimeProvider clock, IOptions<AuditOptions> options, LateCommitSweep sweep) : IPeriodicJob
{
    /// <summary>How far before the last sealed row a pass looks for late commits, so a pass does not scan the whole log.</summary>
    public static readonly TimeSpan LateCommitWindow = TimeSpan.FromHours(1);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        // Again only after a full batch: more may be waiting. After a short one, what committed since waits for the next
        // run — looping until a pass found nothing kept the job sealing a few rows at a time, a pass (eight statements)
        // per 25 bookings under load, 7 % of the app's CPU (docs/benchmarks.md, booking round 6).
        var batch = Math.Max(1, options.Value.SealBatchSize);
        while (await SealBatchAsync(ct) >= batch)
        {
        }

        await CloseMonthsAsync(ct);
    }

    /// <summary>Seals up to one batch of recent rows in one transaction; returns how many rows it sealed.</summary>
    public async Task<int> SealBatchAsync(CancellationToken ct)
    {
        await using var transaction = await BeginLockedAsync(ct);
        var unsealed = Unsealed();
        var last = await db.AuditSeals.AsNoTracking().OrderByDescending(s => s.Month).ThenByDescending(s => s.Sequence).FirstOrDefaultAsync(ct);
        if (last is not null)
        {
            var start = AuditMonth.Start(last.Month);
            var end = AuditMonth.End(last.Month);
            var lastAt = await db.AuditRecords.Where(a => a.Id == last.AuditRecordId && a.At >= start && a.At < end)
                .Select(a => (DateTimeOffset?)a.At).FirstOrDefaultAsync(ct);
            if (lastAt is { } at)
            {
                var from = at - LateCommitWindow;
                unsealed = unsealed.Where(a => a.At >= from);
                if (!sweep.IsDue(clock.GetUtcNow(), TimeSpan.FromSeconds(options.Value.LateCommitSweepSeconds)))
                {
                    // Past the highest sealed id nothing is sealed yet, so the pass is an index range on the id alone.
                    // Asking each row whether it has a seal made PostgreSQL hash the month's whole seal partition on
                    // every pass (50 ms of 57,000 seals in the referral bench, growing with the month). Rows below it
                    // that commit late are the sweep's.
                    var after = await db.AuditSeals.MaxAsync(s => s.AuditRecordId, ct);
                    unsealed = db.AuditRecords.AsNoTracking().Where(a => a.At >= from && a.Id > after);
                }
            }
        }

        if (last is null)
        {
            // Nothing sealed yet: this pass looks at every unsealed row, which is what a sweep does; counted as one, so
            // the next passes look only past the rows it seals.
            sweep.IsDue(clock.GetUtcNow(), TimeSpan.FromSeconds(options.Value.LateCommitSweepSeconds));
        }

        var count = await SealAsync(unsealed, ct);
        await transaction.CommitAsync(ct);
        return count;
    }

    /// <summary>
    /// Closes every month from the one after the last closed (or the oldest row's) whose grace is over: chains what is
    /// left in it, then records its end. Returns the months closed.
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> CloseMonthsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var grace = TimeSpan.FromMinutes(options.Value.SealGraceMinutes);
        var lastClosed = await db.AuditMonthSeals.AsNoTracking().OrderByDescending(m => m.Month).Select(m => (DateOnly?)m.Month).FirstOrDefaultAsync(ct);
        DateOnly month;
        if (lastClosed is { } closed)
        {
            month = closed.AddMonths(1);
        }
        else if (await db.AuditRecords.AsNoTracking().OrderBy(a => a.At).Select(a => (DateTimeOffset?)a.At).FirstOrDefaultAsync(ct) is { } oldest)
        {
            month = AuditMonth.Of(oldest);
        }
        else
        {
            return [];
        }

        var done = new List<DateOnly>();
        for (; AuditMonth.IsClosable(month, now, grace); month = month.AddMonths(1))
        {
            await using var transaction = await BeginLockedAsync(ct);
            if (await db.AuditMonthSeals.AnyAsync(m => m.Month == month, ct))
            {
                continue;
            }

            var start = AuditMonth.Start(month);
            var end = AuditMonth.End(month);
            while (await SealAsync(Unsealed().Where(a => a.At >= start && a.At < end), ct) > 0)
            {
            }

            var last = await db.AuditSeals.AsNoTracking().Where(s => s.Month == month).OrderByDescending(s => s.Sequence).FirstOrDefaultAsync(ct);
            db.AuditMonthSeals.Add(new AuditMonthSeal
            {
                Month = month,
                LastSequence = last?.Sequence ?? 0,
                LastHash = last?.Hash ?? AuditChain.GenesisOf(month),
                SealedAt = now,
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            done.Add(month);
        }

        return done;
    }

    private IQueryable<AuditRecord> Unsealed() =>
        db.AuditRecords.AsNoTracking().Where(a => !db.AuditSeals.Any(s => s.AuditRecordId == a.Id));

    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginLockedAsync(CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!db.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended('audit-sealer', 0))", ct);
        }

        return transaction;
    }

    /// <summary>Chains up to one batch of <paramref name="candidates"/> (in id order), each onto its own month's chain.</summary>
    private async Task<int> SealAsync(IQueryable<AuditRecord> candidates, CancellationToken ct)
    {
        var rows = await candidates.OrderBy(a => a.Id).Take(Math.Max(1, options.Value.SealBatchSize)).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var seals = new List<AuditSeal>(rows.Count);
        foreach (var group in rows.GroupBy(r => AuditMonth.Of(r.At)))
        {
            var month = group.Key;
            var last = await db.AuditSeals.AsNoTracking().Where(s => s.Month == month).OrderByDescending(s => s.Sequence).FirstOrDefaultAsync(ct);
            var sequence = last?.Sequence ?? 0;
            var hash = last?.Hash ?? AuditChain.GenesisOf(month);
            foreach (var row in group)
            {
                sequence++;
                hash = AuditChain.Link(hash, sequence, AuditEntries.Of(row));
                seals.Add(new AuditSeal { Month = month, Sequence = sequence, AuditRecordId = row.Id, Hash = hash, SealedAt = now });
            }
        }

        await WriteAsync(seals, ct);
        return rows.Count;
    }

    /// <summary>
    /// The seals, in the pass's transaction: on PostgreSQL one binary COPY (an INSERT per seal was a tenth of the
    /// statements of every audited request, docs/benchmarks.md booking round 7), elsewhere through the change tracker.
    /// </summary>
    private async Task WriteAsync(List<AuditSeal> seals, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            db.AuditSeals.AddRange(seals);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            return;
        }

        await using var import = await connection.BeginBinaryImportAsync(
            "COPY \"AuditSeals\" (\"Month\", \"Sequence\", \"AuditRecordId\", \"Hash\", \"SealedAt\") FROM STDIN (FORMAT BINARY)", ct);
        foreach (var seal in seals)
        {
            await import.StartRowAsync(ct);
            await import.WriteAsync(seal.Month, NpgsqlDbType.Date, ct);
            await import.WriteAsync(seal.Sequence, NpgsqlDbType.Bigint, ct);
            await import.WriteAsync(seal.AuditRecordId, NpgsqlDbType.Bigint, ct);
            await import.WriteAsync(seal.Hash, NpgsqlDbType.Bytea, ct);
            await import.WriteAsync(seal.SealedAt, NpgsqlDbType.TimestampTz, ct);
        }

        await import.CompleteAsync(ct);
    }
}
