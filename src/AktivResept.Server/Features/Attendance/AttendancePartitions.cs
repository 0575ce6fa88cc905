using AktivResept.Domain.Audit;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// Attendance's monthly partitions on PostgreSQL (docs/security.md "Partitions"): <c>AttendanceRecords</c> by range
/// of <c>OccurredAt</c>, one partition per UTC month in the schema <c>attendance</c>, plus a DEFAULT partition so an
/// insert never fails for want of one. Created ahead by <c>MonthlyPartitionJob</c>; months past
/// <c>Retention:AttendanceMonths</c> are detached and dropped whole, with their event keys, as the owner role. SQLite
/// keeps a plain table: nothing to create, and retention deletes the month's rows and keys.
/// </summary>
public sealed class AttendancePartitions(AktivDbContext db, IConfiguration configuration, TimeProvider clock, IHttpContextAccessor http)
{
    public const string Schema = "attendance";

    public static readonly MonthlyTable Records = new("AttendanceRecords", Schema, "OccurredAt");

    private const string Lock = "attendance-partitions";

    private static readonly Actor System = new("system:retention", "system");

    /// <summary>Creates the partitions of every month from <paramref name="from"/> to <paramref name="to"/> that are missing; returns those created.</summary>
    public async Task<IReadOnlyList<DateOnly>> EnsureAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (db.IsSqlite())
        {
            return [];
        }

        await using var owner = MonthlyPartitions.OpenOwner(db, configuration);
        return await MonthlyPartitions.EnsureRangeAsync(owner, Lock, [Records], from, to, ct);
    }

    /// <summary>
    /// Drops every month of attendance past retention at <paramref name="now"/> (<see cref="AuditMonth.IsPastRetention"/>),
    /// oldest first, each in its own transaction (<see cref="DropMonthAsync"/>). Returns the months dropped.
    /// </summary>
    public async Task<int> DropPastRetentionAsync(DateTimeOffset now, int keepMonths, string correlationId, CancellationToken ct)
    {
        await using var owner = MonthlyPartitions.OpenOwner(db, configuration);
        var dropped = 0;
        foreach (var month in await MonthsPastRetentionAsync(owner, now, keepMonths, ct))
        {
            if (await DropMonthAsync(owner, month, correlationId, ct) is not null)
            {
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>
    /// The months holding attendance that are past retention, oldest first: on PostgreSQL every partition of such a
    /// month, and any such month whose rows sit in the DEFAULT partition; on SQLite every month of the rows before the cut.
    /// </summary>
    private static async Task<List<DateOnly>> MonthsPastRetentionAsync(AktivDbContext owner, DateTimeOffset now, int keepMonths, CancellationToken ct)
    {
        var cutoff = AuditMonth.Start(AuditMonth.Of(now).AddMonths(-keepMonths));
        if (owner.IsSqlite())
        {
            var months = new List<DateOnly>();
            var oldest = await owner.AttendanceRecords.Where(a => a.OccurredAt < cutoff).MinAsync(a => (DateTimeOffset?)a.OccurredAt, ct);
            for (var m = oldest is { } o ? AuditMonth.Of(o) : AuditMonth.Of(cutoff); AuditMonth.Start(m) < cutoff; m = m.AddMonths(1))
            {
                months.Add(m);
            }

            return months;
        }

        var partitioned = await MonthlyPartitions.MonthsAsync(owner, Records, ct);
        var strandedSql = $"""SELECT DISTINCT date_trunc('month', "OccurredAt" AT TIME ZONE 'UTC') AS "Value" FROM {Records.Default} WHERE "OccurredAt" < @cutoff""";
        var stranded = await owner.Database.SqlQueryRaw<DateTime>(strandedSql, new Npgsql.NpgsqlParameter("cutoff", cutoff)).ToListAsync(ct);
        return partitioned.Concat(stranded.Select(DateOnly.FromDateTime))
            .Where(m => AuditMonth.IsPastRetention(m, now, keepMonths)).Distinct().Order().ToList();
    }

    /// <summary>
    /// Drops one month of attendance: its event keys deleted, its partition detached and dropped (or, on SQLite, its
    /// rows deleted), and one audit row saying so, in one transaction as the owner. Returns the rows dropped, or null
    /// when there was nothing to drop (another instance dropped it meanwhile; on SQLite, a month without rows).
    /// </summary>
    private async Task<long?> DropMonthAsync(AktivDbContext owner, DateOnly month, string correlationId, CancellationToken ct)
    {
        await using var transaction = await owner.Database.BeginTransactionAsync(ct);
        long rows;
        if (owner.IsSqlite())
        {
            var (start, end) = (AuditMonth.Start(month), AuditMonth.End(month));
            var inMonth = owner.AttendanceRecords.Where(a => a.OccurredAt >= start && a.OccurredAt < end);
            await owner.AttendanceEventKeys.Where(k => inMonth.Any(a => a.Id == k.AttendanceRecordId)).ExecuteDeleteAsync(ct);
            rows = await inMonth.ExecuteDeleteAsync(ct);
        }
        else
        {
            // Rows that went to the DEFAULT partition are moved into the month's own first, so none is left behind.
            await MonthlyPartitions.LockAsync(owner, Lock, ct);
            var (from, to) = Records.Bounds(month);
            if (!await MonthlyPartitions.ExistsAsync(owner, Records, month, ct) &&
                await MonthlyPartitions.ScalarAsync(owner, $"SELECT count(*) AS \"Value\" FROM {Records.Default} WHERE \"OccurredAt\" >= {from} AND \"OccurredAt\" < {to}", ct) == 0)
            {
                return null;
            }

            await MonthlyPartitions.EnsureAsync(owner, Records, month, ct);
            var partition = Records.Qualified(month);
            rows = await MonthlyPartitions.ScalarAsync(owner, $"SELECT count(*) AS \"Value\" FROM {partition}", ct);
            // The keys are found through their primary key from the partition's rows: no index on the record id needed.
            var deleteKeys = $"""
                DELETE FROM "AttendanceEventKeys" k USING {partition} a
                WHERE k."SourceId" = a."SourceId" AND k."ExternalId" = a."ExternalId" AND k."AttendanceRecordId" = a."Id"
                """;
            await owner.Database.ExecuteSqlRawAsync(deleteKeys, ct);
            await MonthlyPartitions.DetachAndDropAsync(owner, Records, month, ct);
        }

        if (rows == 0 && owner.IsSqlite())
        {
            return null;
        }

        new AuditLog(owner, clock, http).Add(System, $"Retention/attendance/{AuditMonth.Label(month)}/{rows}", "delete", AuditOutcome.Success, null, correlationId);
        await owner.SaveChangesAsync(ct);
        owner.ChangeTracker.Clear();
        await transaction.CommitAsync(ct);
        return rows;
    }
}
