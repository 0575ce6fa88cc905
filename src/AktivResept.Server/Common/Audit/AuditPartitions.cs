using System.Globalization;
using AktivResept.Domain.Audit;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Audit;

/// <summary>
/// The audit log's monthly partitions on PostgreSQL (docs/security.md "Partitions"): <c>AuditRecords</c> by range of
/// <c>At</c> and <c>AuditSeals</c> by <c>Month</c>, one pair per UTC month in the schema <c>audit</c>, plus a DEFAULT
/// partition each so an insert never fails for want of one. Creating and dropping partitions needs the tables' owner,
/// so this connects as <c>ConnectionStrings:Owner</c> (the application's own connection when there is one role). The
/// application's role has no USAGE on schema <c>audit</c>: it reaches the rows only through the parents, where it may
/// INSERT and SELECT. SQLite keeps plain tables: nothing to create, and retention deletes a closed month's rows.
/// </summary>
public sealed class AuditPartitions(AktivDbContext db, IConfiguration configuration, TimeProvider clock, IHttpContextAccessor http, ILogger<AuditPartitions> logger)
{
    public const string Schema = "audit";

    private static readonly Actor System = new("system:retention", "system");

    public static string RecordsPartition(DateOnly month) => $"AuditRecords_{month.ToString("yyyy_MM", CultureInfo.InvariantCulture)}";

    public static string SealsPartition(DateOnly month) => $"AuditSeals_{month.ToString("yyyy_MM", CultureInfo.InvariantCulture)}";

    /// <summary>Creates the partitions of every month from <paramref name="from"/> to <paramref name="to"/> that are missing; returns those created.</summary>
    public async Task<IReadOnlyList<DateOnly>> EnsureAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (db.IsSqlite())
        {
            return [];
        }

        await using var owner = OpenOwner();
        await using var transaction = await owner.Database.BeginTransactionAsync(ct);
        await owner.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended('audit-partitions', 0))", ct);
        var created = new List<DateOnly>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            if (await EnsureOneAsync(owner, month, ct))
            {
                created.Add(month);
            }
        }

        await transaction.CommitAsync(ct);
        return created;
    }

    /// <summary>
    /// Drops a closed month past retention: both partitions detached and dropped, the closing stamped, and one audit row
    /// saying so, in one transaction as the owner. Returns the rows dropped, or null when the month is not closed, was
    /// dropped already, or holds a row that is not chained (then it is kept and logged).
    /// </summary>
    public async Task<long?> DropClosedMonthAsync(DateOnly month, string correlationId, CancellationToken ct)
    {
        await using var owner = OpenOwner();
        await using var transaction = await owner.Database.BeginTransactionAsync(ct);
        if (!owner.IsSqlite())
        {
            // The partition lock first, then the sealer's: nothing is created or chained in this month meanwhile.
            await owner.Database.ExecuteSqlRawAsync(
                "SELECT pg_advisory_xact_lock(hashtextextended('audit-partitions', 0)), pg_advisory_xact_lock(hashtextextended('audit-sealer', 0))", ct);
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
            await EnsureOneAsync(owner, month, ct);
            var records = $"{Schema}.\"{RecordsPartition(month)}\"";
            var seals = $"{Schema}.\"{SealsPartition(month)}\"";
            var unsealed = await ScalarAsync(owner, $"SELECT count(*) AS \"Value\" FROM {records} r WHERE NOT EXISTS (SELECT 1 FROM {seals} s WHERE s.\"AuditRecordId\" = r.\"Id\")", ct);
            if (unsealed > 0)
            {
                logger.LogWarning("Audit month {Month} holds {Unsealed} rows that are not chained; it is kept", AuditMonth.Label(month), unsealed);
                return null;
            }

            rows = await ScalarAsync(owner, $"SELECT count(*) AS \"Value\" FROM {records}", ct);
            var drop = $"""
                ALTER TABLE "AuditRecords" DETACH PARTITION {records};
                DROP TABLE {records};
                ALTER TABLE "AuditSeals" DETACH PARTITION {seals};
                DROP TABLE {seals};
                """;
            await owner.Database.ExecuteSqlRawAsync(drop, ct);
        }

        closing.DroppedAt = clock.GetUtcNow();
        new AuditLog(owner, clock, http).Add(System, $"Retention/audit/{AuditMonth.Label(month)}/{rows}", "delete", AuditOutcome.Success, null, correlationId);
        await owner.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return rows;
    }

    /// <summary>
    /// The month's two partitions, created if missing. Rows of the month already in a DEFAULT partition (inserted before
    /// its partition existed) would make CREATE fail, so the DEFAULT is detached, the partition created, those rows
    /// moved through the parent, and the DEFAULT attached again, all in the caller's transaction.
    /// </summary>
    private static async Task<bool> EnsureOneAsync(AktivDbContext owner, DateOnly month, CancellationToken ct)
    {
        var created = false;
        var start = AuditMonth.Start(month).ToString("yyyy-MM-dd HH:mm:ss+00", CultureInfo.InvariantCulture);
        var end = AuditMonth.End(month).ToString("yyyy-MM-dd HH:mm:ss+00", CultureInfo.InvariantCulture);
        var first = month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var next = month.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        created |= await EnsureTableAsync(owner, "AuditRecords", RecordsPartition(month), $"\"At\" >= '{start}' AND \"At\" < '{end}'", $"'{start}'", $"'{end}'", ct);
        created |= await EnsureTableAsync(owner, "AuditSeals", SealsPartition(month), $"\"Month\" >= '{first}' AND \"Month\" < '{next}'", $"'{first}'", $"'{next}'", ct);
        return created;
    }

    private static async Task<bool> EnsureTableAsync(AktivDbContext owner, string parent, string partition, string inRange, string from, string to, CancellationToken ct)
    {
        if (await ScalarAsync(owner, $"SELECT count(*) AS \"Value\" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{Schema}' AND c.relname = '{partition}'", ct) > 0)
        {
            return false;
        }

        var fallback = $"{Schema}.\"{parent}_default\"";
        var create = $"CREATE TABLE {Schema}.\"{partition}\" PARTITION OF \"{parent}\" FOR VALUES FROM ({from}) TO ({to});";
        var stranded = await ScalarAsync(owner, $"SELECT count(*) AS \"Value\" FROM {fallback} WHERE {inRange}", ct);
        var sql = stranded == 0
            ? create
            : $"""
              ALTER TABLE "{parent}" DETACH PARTITION {fallback};
              {create}
              WITH moved AS (DELETE FROM {fallback} WHERE {inRange} RETURNING *) INSERT INTO "{parent}" SELECT * FROM moved;
              ALTER TABLE "{parent}" ATTACH PARTITION {fallback} DEFAULT;
              """;
        await owner.Database.ExecuteSqlRawAsync(sql, ct);
        return true;
    }

    private static Task<long> ScalarAsync(AktivDbContext owner, string sql, CancellationToken ct) =>
        owner.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);

    /// <summary>A context as the owner role, or on the application's own connection when no owner is configured (one role).</summary>
    private AktivDbContext OpenOwner()
    {
        var ownerConnection = configuration.GetConnectionString(DatabaseRoles.OwnerConnectionName);
        if (db.IsSqlite() || ownerConnection is not { Length: > 0 })
        {
            ownerConnection = db.Database.GetConnectionString();
        }

        return db.IsSqlite()
            ? new SqliteAktivDbContext(new DbContextOptionsBuilder<SqliteAktivDbContext>().UseSqlite(ownerConnection).Options)
            : new PostgresAktivDbContext(new DbContextOptionsBuilder<PostgresAktivDbContext>().UseNpgsql(ownerConnection).Options);
    }
}
