using System.Text;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Demo;

/// <summary>
/// The embedded database's note that the full demo was seeded (issue 19), so a restart skips every step's "already
/// there?" queries: SQLite's <c>user_version</c>, a number in the database file's header (no table, no migration; a new
/// file has 0). It is written only after every step succeeded, and its value is derived from the steps' names, so a
/// build that adds a step finds the note stale and runs them all again (each step's own check keeps that idempotent).
/// PostgreSQL is never seeded on start and keeps no note.
/// </summary>
internal static class DemoSeedMarker
{
    /// <summary>Raise when a step changes what it seeds in a way a database seeded before should get.</summary>
    private const int Revision = 1;

    /// <summary>A stable, positive, non-zero number for this list of steps (FNV-1a; string.GetHashCode differs per process).</summary>
    public static int For(IEnumerable<string> steps)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes($"{Revision}:{string.Join(',', steps)}"))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7FFF_FFFF) | 1;
    }

    public static async Task<bool> IsSetAsync(AktivDbContext db, int value, CancellationToken ct) =>
        db.IsSqlite() && await ReadAsync(db, ct) == value;

    public static async Task SetAsync(AktivDbContext db, int value, CancellationToken ct)
    {
        if (db.IsSqlite())
        {
            // A PRAGMA takes no parameters; the value is our own integer.
            var sql = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA user_version = {value}");
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        }
    }

    public static async Task ClearAsync(AktivDbContext db, CancellationToken ct) => await SetAsync(db, 0, ct);

    private static async Task<long> ReadAsync(AktivDbContext db, CancellationToken ct) =>
        Convert.ToInt64(await db.Database.ReadScalarAsync("PRAGMA user_version", ct), System.Globalization.CultureInfo.InvariantCulture);
}
