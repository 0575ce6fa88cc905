using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AktivResept.Server.Tests.Data;

/// <summary>
/// A database made before contract versions existed keeps its contracts' terms through the ContractsAndKpis
/// migration: each contract becomes Active with an active version 1 carrying the co-financing share it had, so
/// claims for its months are priced as before. Runs on the suite's provider (PostgreSQL, or SQLite).
/// </summary>
public sealed class ContractUpgradeTests
{
    [Fact]
    public async Task A_contract_from_before_versions_becomes_active_with_its_share_in_version_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = Create(database))
        {
            var migrator = db.GetService<IMigrator>();
            var initial = db.Database.GetMigrations().First(m => m.EndsWith("_Initial", StringComparison.Ordinal));
            await migrator.MigrateAsync(initial);
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "Contracts" ("Id", "PayerId", "ProviderId", "Name", "ValidFrom", "ValidTo", "CoFinancingShare")
                VALUES ({0}, {1}, {2}, 'Tjenestekonsesjon før versjoner', {3}, NULL, {4})
                """,
                ContractId, Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2026, 1, 1), 0.3m);

            await migrator.MigrateAsync();
        }

        await using var after = Create(database);
        var contract = await after.Contracts.AsNoTracking().Include(c => c.Versions).SingleAsync(c => c.Id == ContractId);
        contract.Status.ShouldBe(ContractStatus.Active);
        var version = contract.Versions.ShouldHaveSingleItem();
        version.Number.ShouldBe(1);
        version.Status.ShouldBe(ContractVersionStatus.Active);
        version.CoFinancingShare.ShouldBe(0.3m);
        version.ValidFrom.ShouldBe(new DateOnly(2026, 1, 1));
        version.ValidTo.ShouldBeNull();
        version.ActivatedAt.ShouldNotBeNull();
    }

    private static readonly Guid ContractId = Guid.Parse("0193a1d2-0000-7000-8000-00000000c0de");

    private static AktivDbContext Create(TestDatabase database) => database.IsSqlite
        ? new SqliteAktivDbContext(new DbContextOptionsBuilder<SqliteAktivDbContext>().UseSqlite(database.ConnectionString).Options)
        : new PostgresAktivDbContext(new DbContextOptionsBuilder<PostgresAktivDbContext>().UseNpgsql(database.ConnectionString).Options);
}
