using System.Globalization;
using AktivResept.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Data;

/// <summary>
/// A table range-partitioned by UTC month on PostgreSQL: its parent, the schema its partitions live in, and the column
/// it is partitioned by (an instant, or a <c>date</c> naming the month's first day). Partitions are named
/// <c>{schema}."{Parent}_yyyy_MM"</c>, beside a DEFAULT partition <c>{schema}."{Parent}_default"</c>.
/// </summary>
public sealed record MonthlyTable(string Parent, string Schema, string Column, bool ByDate = false)
{
    public string PartitionOf(DateOnly month) => $"{Parent}_{month.ToString("yyyy_MM", CultureInfo.InvariantCulture)}";

    public string Qualified(DateOnly month) => $"{Schema}.\"{PartitionOf(month)}\"";

    public string Default => $"{Schema}.\"{Parent}_default\"";

    /// <summary>The month's bounds as SQL literals: first instant (or day) inclusive, the next month's exclusive.</summary>
    public (string From, string To) Bounds(DateOnly month) => ByDate
        ? (Literal(month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Literal(month.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
        : (Literal(Instant(AuditMonth.Start(month))), Literal(Instant(AuditMonth.End(month))));

    private static string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss+00", CultureInfo.InvariantCulture);

    private static string Literal(string text) => $"'{text}'";
}

/// <summary>
/// Creating, finding and dropping the monthly partitions of a <see cref="MonthlyTable"/> (the audit log and attendance;
/// docs/security.md "Partitions"). UTC months (<see cref="AuditMonth"/>): a partition's bounds are instants and must not
/// move with daylight saving. Creating, detaching and dropping need the tables' owner, so callers work on
/// <see cref="OpenOwner"/>'s context, in a transaction under the table family's advisory lock (<see cref="LockAsync"/>).
/// </summary>
public static class MonthlyPartitions
{
    /// <summary>Creates the partitions of every month from <paramref name="from"/> to <paramref name="to"/> that are missing, in one transaction; returns the months that got one.</summary>
    public static async Task<IReadOnlyList<DateOnly>> EnsureRangeAsync(AktivDbContext owner, string lockName, IReadOnlyList<MonthlyTable> tables, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var transaction = await owner.Database.BeginTransactionAsync(ct);
        await LockAsync(owner, lockName, ct);
        var created = new List<DateOnly>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            var any = false;
            foreach (var table in tables)
            {
                any |= await EnsureAsync(owner, table, month, ct);
            }

            if (any)
            {
                created.Add(month);
            }
        }

        await transaction.CommitAsync(ct);
        return created;
    }

    /// <summary>
    /// The month's partition, created if missing. Rows of the month already in the DEFAULT partition (inserted before
    /// its partition existed) would make CREATE fail, so the DEFAULT is detached, the partition created, those rows
    /// moved through the parent, and the DEFAULT attached again, all in the caller's transaction.
    /// </summary>
    public static async Task<bool> EnsureAsync(AktivDbContext owner, MonthlyTable table, DateOnly month, CancellationToken ct)
    {
        if (await ExistsAsync(owner, table, month, ct))
        {
            return false;
        }

        var (from, to) = table.Bounds(month);
        var inRange = $"\"{table.Column}\" >= {from} AND \"{table.Column}\" < {to}";
        var create = $"CREATE TABLE {table.Qualified(month)} PARTITION OF \"{table.Parent}\" FOR VALUES FROM ({from}) TO ({to});";
        var stranded = await ScalarAsync(owner, $"SELECT count(*) AS \"Value\" FROM {table.Default} WHERE {inRange}", ct);
        var sql = stranded == 0
            ? create
            : $"""
              ALTER TABLE "{table.Parent}" DETACH PARTITION {table.Default};
              {create}
              WITH moved AS (DELETE FROM {table.Default} WHERE {inRange} RETURNING *) INSERT INTO "{table.Parent}" SELECT * FROM moved;
              ALTER TABLE "{table.Parent}" ATTACH PARTITION {table.Default} DEFAULT;
              """;
        await owner.Database.ExecuteSqlRawAsync(sql, ct);
        return true;
    }

    public static async Task<bool> ExistsAsync(AktivDbContext owner, MonthlyTable table, DateOnly month, CancellationToken ct) =>
        await ScalarAsync(owner, $"SELECT count(*) AS \"Value\" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{table.Schema}' AND c.relname = '{table.PartitionOf(month)}'", ct) > 0;

    /// <summary>The months that have a partition of their own, oldest first.</summary>
    public static async Task<List<DateOnly>> MonthsAsync(AktivDbContext owner, MonthlyTable table, CancellationToken ct)
    {
        var parent = $"\"{table.Parent}\"";
        var names = await owner.Database.SqlQuery<string>(
                $"""
                SELECT c.relname AS "Value" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE i.inhparent = {parent}::regclass AND n.nspname = {table.Schema}
                """)
            .ToListAsync(ct);
        var prefix = table.Parent + "_";
        return names
            .Select(n => DateOnly.TryParseExact(n[prefix.Length..] + "_01", "yyyy_MM_dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) ? m : (DateOnly?)null)
            .OfType<DateOnly>().Order().ToList();
    }

    /// <summary>Detaches the month's partition and drops it, in the caller's transaction.</summary>
    public static Task DetachAndDropAsync(AktivDbContext owner, MonthlyTable table, DateOnly month, CancellationToken ct)
    {
        var sql = $"""
            ALTER TABLE "{table.Parent}" DETACH PARTITION {table.Qualified(month)};
            DROP TABLE {table.Qualified(month)};
            """;
        return owner.Database.ExecuteSqlRawAsync(sql, ct);
    }

    /// <summary>The table family's advisory lock for the rest of the transaction: one creator or dropper at a time.</summary>
    public static Task LockAsync(AktivDbContext owner, string lockName, CancellationToken ct) =>
        owner.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockName}, 0))", ct);

    public static Task<long> ScalarAsync(AktivDbContext owner, string sql, CancellationToken ct) =>
        owner.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);

    /// <summary>A context as the owner role (<c>ConnectionStrings:Owner</c>), or on the application's own connection when no owner is configured (one role).</summary>
    public static AktivDbContext OpenOwner(AktivDbContext db, IConfiguration configuration)
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
