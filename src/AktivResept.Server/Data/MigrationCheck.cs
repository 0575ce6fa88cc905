using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AktivResept.Server.Data;

public static class MigrationCheck
{
    /// <summary>
    /// Whether the database's history table already holds the newest migration this build carries: one read of that
    /// table. The embedded mode asks it on every start and runs the migrator only when it is false, because the
    /// migrator finds "nothing to do" at a far higher price (its lock, and a second, design-time build of the model to
    /// compare with the snapshot; issue 19's profile of a start). The row is read with a command of its own, not through
    /// the history repository's list of applied migrations, which first builds a model for its one table (~0.15 s of
    /// a start on the embedded database, issue 19's timeline).
    /// </summary>
    public static async Task<bool> HasNewestMigrationAsync(this DatabaseFacade database, CancellationToken ct)
    {
        var newest = database.GetMigrations().LastOrDefault();
        if (newest is null)
        {
            return true;
        }

        if (!await database.GetService<IHistoryRepository>().ExistsAsync(ct))
        {
            return false;
        }

        var sql = $"""SELECT 1 FROM "{HistoryRepository.DefaultTableName}" WHERE "MigrationId" = @newest""";
        return await database.ReadScalarAsync(sql, ct, ("newest", newest)) is not null;
    }
}
