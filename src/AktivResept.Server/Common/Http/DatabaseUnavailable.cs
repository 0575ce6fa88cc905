using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace AktivResept.Server.Common.Http;

/// <summary>
/// Tells a database that cannot be reached (refused or dropped connection, timeout, server shutting down) from a
/// statement that failed on its own merits. Only the first is a 503: the client's request was fine and nothing was
/// committed.
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
