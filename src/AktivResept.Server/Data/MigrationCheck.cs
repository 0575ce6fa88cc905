using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AktivResept.Server.Data;

public static class MigrationCheck
{
    /// <summary>
    /// Whether the database's history table already holds the newest migration this build carries: one read of that
    /// table. The embedded mode asks it on every start and runs the migrator only when it is false, because the
    /// migrator finds "nothing to do" at a far higher price (its lock, and a second, design-time build of the model to
    /// compare with the snapshot; issue 19's profile of a start).
    /// </summary>
    public static async Task<bool> HasNewestMigrationAsync(this DatabaseFacade database, CancellationToken ct)
    {
        var newest = database.GetMigrations().LastOrDefault();
        return newest is null || (await database.GetAppliedMigrationsAsync(ct)).Contains(newest);
    }
}
