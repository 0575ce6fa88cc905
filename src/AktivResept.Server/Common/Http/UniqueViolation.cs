using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Http;

/// <summary>
/// Tells a write that lost a race on a unique index (two requests inserting the same key at once) from other failed
/// statements: PostgreSQL unique_violation (23505) or SQLite SQLITE_CONSTRAINT_UNIQUE (2067).
/// </summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067,
        _ => false,
    };
}
