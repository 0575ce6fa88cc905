using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AktivResept.Server.Tests.Data;

/// <summary>
/// The model and each provider's migrations agree: a model change without a scaffolded migration (or a hand edit to
/// a snapshot) fails here, not on a production database. Nothing is released yet, so each provider has one initial
/// migration; the scaffolder (tools/AktivResept.MigrationScaffolder) adds later ones for both at once.
/// </summary>
public sealed class MigrationTests
{
    public static TheoryData<string> Providers => ["PostgreSQL", "Sqlite"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_changes_missing_from_the_migrations(string provider)
    {
        using var db = Create(provider);

        db.Database.HasPendingModelChanges().ShouldBeFalse($"the {provider} migrations are behind the model: scaffold a migration");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Both_providers_carry_the_same_migrations(string provider)
    {
        using var db = Create(provider);
        using var other = Create(provider == "Sqlite" ? "PostgreSQL" : "Sqlite");

        Names(db).ShouldBe(Names(other));
        Names(db).ShouldNotBeEmpty();
    }

    // The timestamp prefix may differ by a second between providers; the names after it must match one for one.
    private static string[] Names(AktivDbContext db) =>
        [.. db.GetService<IMigrationsAssembly>().Migrations.Keys.Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..])];

    private static AktivDbContext Create(string provider) => provider == "Sqlite"
        ? new SqliteAktivDbContext(new DbContextOptionsBuilder<SqliteAktivDbContext>().UseSqlite("Data Source=:memory:").Options)
        : new PostgresAktivDbContext(new DbContextOptionsBuilder<PostgresAktivDbContext>().UseNpgsql("Host=localhost").Options);
}
