using AktivResept.Domain.Audit;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Audit;

/// <summary>
/// The audit log's monthly partitions on PostgreSQL (docs/security.md "Partitions"): <c>AuditRecords</c> by range of
/// <c>At</c> and <c>AuditSeals</c> by <c>Month</c>, one pair per UTC month in the schema <c>audit</c>, plus a DEFAULT
/// partition each so an insert never fails for want of one. Creating and dropping partitions needs the tables' owner,
/// so this connects as <c>ConnectionStrings:Owner</c> (the application's own connection when there is one role), through
/// <see cref="MonthlyPartitions"/>, which attendance's partitions share. The
/// application's role has no USAGE on schema <c>audit</c>: it reaches the rows only through the parents, where it may
/// INSERT and SELECT. SQLite keeps plain tables: nothing to create, and retention deletes a closed month's rows.
/// </summary>
public sealed class AuditPartitions(AktivDbContext db, IConfiguration configuration, TimeProvider clock, IHttpContextAccessor http, ILogger<AuditPartitions> logger)
{
    public const string Schema = "audit";

    public static readonly MonthlyTable Records = new("AuditRecords", Schema, "At");

    public static readonly MonthlyTable Seals = new("AuditSeals", Schema, "Month", ByDate: true);

    private const string Lock = "audit-partitions";

    private static readonly Actor System = new("system:retention", "system");

    public static string RecordsPartition(DateOnly month) => Records.PartitionOf(month);

    public static string SealsPartition(DateOnly month) => Seals.PartitionOf(month);

    /// <summary>Creates the partitions of every month from <paramref name="from"/> to <paramref name="to"/> that are missing; returns those created.</summary>
    public async Task<IReadOnlyList<DateOnly>> EnsureAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (db.IsSqlite())
        {
            return [];
        }

        await using var owner = MonthlyPartitions.OpenOwner(db, configuration);
        return await MonthlyPartitions.EnsureRangeAsync(owner, Lock, [Records, Seals], from, to, ct);
    }

    /// <summary>
    /// Drops a closed month past retention: both partitions detached and dropped, the closing stamped, and one audit row
    /// saying so, in one transaction as the owner. Returns the rows dropped, or null when the month is not closed, was
    /// dropped already, or holds a row that is not chained (then it is kept and logged).
    /// </summary>
    public async Task<long?> DropClosedMonthAsync(DateOnly month, string correlationId, CancellationToken ct)
    {
        await using var owner = MonthlyPartitions.OpenOwner(db, configuration);
        await using var transaction = await owner.Database.BeginTransactionAsync(ct);
        if (!owner.IsSqlite())
        {
            // The partition lock first, then the sealer's: nothing is created or chained in this month meanwhile.
            await MonthlyPartitions.LockAsync(owner, Lock, ct);
            await MonthlyPartitions.LockAsync(owner, "audit-sealer", ct);
        }

        var closing = await owner.AuditMonthSeals.FirstOrDefaultAsync(m => m.Month == month && m.DroppedAt == null, ct);
        if (closing is null)
        {
            return null;
        }

        long rows;
        if (owner.IsSqlite())
        {
            var start = AuditMonth.Start(month);
            var end = AuditMonth.End(month);
            var inMonth = owner.AuditRecords.Where(a => a.At >= start && a.At < end);
            if (await inMonth.AnyAsync(a => !owner.AuditSeals.Any(s => s.AuditRecordId == a.Id && s.Month == month), ct))
            {
                logger.LogWarning("Audit month {Month} holds rows that are not chained; it is kept", AuditMonth.Label(month));
                return null;
            }

            rows = await inMonth.ExecuteDeleteAsync(ct);
            await owner.AuditSeals.Where(s => s.Month == month).ExecuteDeleteAsync(ct);
        }
        else
        {
            // Rows that went to the DEFAULT partition are moved into the month's own first, so none is left behind.
            await MonthlyPartitions.EnsureAsync(owner, Records, month, ct);
            await MonthlyPartitions.EnsureAsync(owner, Seals, month, ct);
            var records = Records.Qualified(month);
            var seals = Seals.Qualified(month);
            var unsealed = await MonthlyPartitions.ScalarAsync(owner, $"SELECT count(*) AS \"Value\" FROM {records} r WHERE NOT EXISTS (SELECT 1 FROM {seals} s WHERE s.\"AuditRecordId\" = r.\"Id\")", ct);
            if (unsealed > 0)
            {
                logger.LogWarning("Audit month {Month} holds {Unsealed} rows that are not chained; it is kept", AuditMonth.Label(month), unsealed);
                return null;
            }

            rows = await MonthlyPartitions.ScalarAsync(owner, $"SELECT count(*) AS \"Value\" FROM {records}", ct);
            await MonthlyPartitions.DetachAndDropAsync(owner, Records, month, ct);
            await MonthlyPartitions.DetachAndDropAsync(owner, Seals, month, ct);
        }

        closing.DroppedAt = clock.GetUtcNow();
        new AuditLog(owner, clock, http).Add(System, $"Retention/audit/{AuditMonth.Label(month)}/{rows}", "delete", AuditOutcome.Success, null, correlationId);
        await owner.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return rows;
    }
}
