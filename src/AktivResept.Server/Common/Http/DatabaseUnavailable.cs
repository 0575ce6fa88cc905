using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AktivResept.Server.Common.Http;

/// <summary>
/// Tells a database that cannot be reached (refused or dropped connection, timeout, server shutting down; for the
/// embedded SQLite file, locked by another writer past the busy timeout) from a statement that failed on its own
/// merits. Only the first is a 503: the client's request was fine and nothing was committed.
/// </summary>
public static class DatabaseUnavailable
{
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // Class 08 connection exceptions, 57P0x operator intervention (shutdown), 53 insufficient resources.
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) ||
                           pg.SqlState.StartsWith("53", StringComparison.Ordinal);
                case SqliteException sqlite:
                    // The embedded database: held by another writer past the busy timeout (SQLITE_BUSY, SQLITE_LOCKED),
                    // or its file cannot be opened (SQLITE_CANTOPEN).
                    return sqlite.SqliteErrorCode is 5 or 6 or 14;
                case Audit.AuditUnavailableException:
                    // A read's audit row could not be committed (batched writer): the read is not answered.
                    return true;
                case NpgsqlException:
                case SocketException:
                case TimeoutException:
                    return true;
                case DbException db when db.IsTransient:
                    return true;
            }
        }

        return false;
    }
}
