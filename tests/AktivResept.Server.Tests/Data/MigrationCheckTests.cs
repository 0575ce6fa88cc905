using AktivResept.Server.Data;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Data;

/// <summary>
/// The embedded mode runs the migrator on start only when the database lacks this build's newest migration (issue
/// 19); the check reads the history table the migrator writes, on either provider.
/// </summary>
public sealed class MigrationCheckTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_migrated_database_has_the_newest_migration_and_one_without_its_row_does_not()
    {
        (await app.QueryAsync(db => db.Database.HasNewestMigrationAsync(CancellationToken.None))).ShouldBeTrue();

        var newest = await app.QueryAsync(db => Task.FromResult(db.Database.GetMigrations().Last()));
        var version = await app.QueryAsync(db => db.Database.SqlQuery<string>($"""SELECT "ProductVersion" AS "Value" FROM "__EFMigrationsHistory" WHERE "MigrationId" = {newest}""").SingleAsync());
        await app.QueryAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = {newest}"""));
        try
        {
            (await app.QueryAsync(db => db.Database.HasNewestMigrationAsync(CancellationToken.None))).ShouldBeFalse();
        }
        finally
        {
            await app.QueryAsync(db => db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ({newest}, {version})"""));
        }

        (await app.QueryAsync(db => db.Database.HasNewestMigrationAsync(CancellationToken.None))).ShouldBeTrue();
    }

    [Fact]
    public async Task An_empty_database_has_none()
    {
        await using var db = new SqliteAktivDbContext(new DbContextOptionsBuilder<SqliteAktivDbContext>().UseSqlite("Data Source=:memory:").Options);

        (await db.Database.HasNewestMigrationAsync(CancellationToken.None)).ShouldBeFalse();
    }
}
