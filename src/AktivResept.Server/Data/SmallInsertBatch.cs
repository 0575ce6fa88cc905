using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Data;

/// <summary>
/// A small unit of work of inserts only goes to PostgreSQL as one batch with a single Sync, which the server runs as one
/// implicit transaction: all rows (the audit row included) commit together or not at all, without the extra
/// BEGIN/COMMIT round trips of an explicit transaction. Updates keep the explicit transaction (a lost
/// optimistic-concurrency check is only detected by EF after the batch has run, and must roll it back), and so does
/// SQLite, which runs statements one by one.
/// </summary>
internal static class SmallInsertBatch
{
    /// <summary>Well under EF Core's batch size, so such a unit of work is certainly sent as one batch.</summary>
    private const int MaxInserts = 50;

    /// <summary>Reads the tracker's states as they are: the caller has detected changes already.</summary>
    public static bool Applies(AktivDbContext db)
    {
        if (db.IsSqlite())
        {
            return false;
        }

        var added = 0;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    added++;
                    break;
                case EntityState.Modified or EntityState.Deleted:
                    return false;
            }
        }

        return added is > 0 and <= MaxInserts;
    }
}
