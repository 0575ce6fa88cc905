using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// Adds the <see cref="AttendanceEventKey"/> of every attendance row added through EF, in the same save (called from
/// <c>AktivDbContext.SaveChanges</c>), so a trainer's registration, the embedded database's ingestion, the demo seed
/// and any later path cannot forget it. PostgreSQL's bulk ingestion writes its keys in its own statement
/// (<c>Ingest/PostgresDeliveryWriter</c>).
/// </summary>
public static class AttendanceEventIds
{
    /// <summary>The key table's primary key: a unique violation naming it is a lost race for an event id.</summary>
    public const string PrimaryKey = "PK_AttendanceEventKeys";

    /// <summary>SQLite's extended code for a primary-key violation (SQLITE_CONSTRAINT_PRIMARYKEY).</summary>
    private const int SqlitePrimaryKeyViolation = 1555;

    public static void AddKeysFor(AktivDbContext db)
    {
        List<AttendanceEventKey>? keys = null;
        foreach (var entry in db.ChangeTracker.Entries<AttendanceRecord>())
        {
            if (entry.State == EntityState.Added)
            {
                var record = entry.Entity;
                (keys ??= []).Add(new AttendanceEventKey { SourceId = record.SourceId, ExternalId = record.ExternalId, AttendanceRecordId = record.Id });
            }
        }

        if (keys is not null)
        {
            db.AttendanceEventKeys.AddRange(keys);
        }
    }

    /// <summary>Whether a failed save lost a race for an event id (by constraint name or SQLite's code, never by message text).</summary>
    public static bool IsTaken(DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && pg.ConstraintName == PrimaryKey,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqlitePrimaryKeyViolation,
        _ => false,
    };
}
