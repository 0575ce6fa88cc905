using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AktivResept.Server.Tests.Demo;

/// <summary>
/// The embedded mode's start (README's run command; issue 19): the first start migrates and seeds the full demo, a
/// restart runs neither the migrator nor the demo steps' "already there?" queries, and a step that cannot seed stops
/// the start and is tried again on the next one. Always on SQLite, whichever provider the run uses.
/// </summary>
public sealed class EmbeddedStartTests : IAsyncLifetime
{
    private readonly SqliteApiFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_fresh_database_is_migrated_and_seeded_and_a_restart_does_neither()
    {
        await _app.QueryAsync(db => db.Database.EnsureDeletedAsync());
        SqliteConnection.ClearAllPools();

        (await StartAsync()).ShouldBeTrue("a new file is migrated");
        (await MarkerAsync()).ShouldBe(DemoModule.FullDemoMarker);
        (await _app.QueryAsync(db => db.ResearchProjects.CountAsync(p => p.Title == DemoResearch.Title))).ShouldBe(1);

        (await StartAsync()).ShouldBeFalse("the newest migration is already applied");

        // Take away what the last step seeds: a restart does not ask whether it is there, the marker says the seed is complete.
        await _app.QueryAsync(db => db.ResearchProjects.Where(p => p.Title == DemoResearch.Title).ExecuteDeleteAsync());
        await StartAsync();
        (await _app.QueryAsync(db => db.ResearchProjects.CountAsync(p => p.Title == DemoResearch.Title))).ShouldBe(0);

        // Without the marker every step asks again, and only the missing one seeds.
        var people = await _app.QueryAsync(db => db.People.CountAsync());
        await _app.QueryAsync(async db =>
        {
            await DemoSeedMarker.ClearAsync(db, CancellationToken.None);
            return 0;
        });
        await StartAsync();
        (await _app.QueryAsync(db => db.ResearchProjects.CountAsync(p => p.Title == DemoResearch.Title))).ShouldBe(1);
        (await _app.QueryAsync(db => db.People.CountAsync())).ShouldBe(people);
        (await MarkerAsync()).ShouldBe(DemoModule.FullDemoMarker);
    }

    [Fact]
    public async Task A_step_that_cannot_seed_stops_the_start_leaves_no_marker_and_runs_again_on_the_next()
    {
        // The year of history needs the base demo's Aktiv Trening Oslo; hide it.
        await RenameProviderAsync(DemoIdentities.AktivTreningOsloOrg, "999999999");

        var refused = await Should.ThrowAsync<InvalidOperationException>(StartAsync);
        refused.Message.ShouldContain(DemoIdentities.AktivTreningOsloOrg);
        (await MarkerAsync()).ShouldBe(0);

        await RenameProviderAsync("999999999", DemoIdentities.AktivTreningOsloOrg);
        await StartAsync();
        (await MarkerAsync()).ShouldBe(DemoModule.FullDemoMarker);
        (await _app.QueryAsync(db => db.ResearchProjects.CountAsync(p => p.Title == DemoResearch.Title))).ShouldBe(1);
    }

    /// <summary>What <c>Program</c> runs before the host starts, with the demo on (README's Development settings).</summary>
    private async Task<bool> StartAsync() =>
        await DemoModule.PrepareEmbeddedDatabaseAsync(_app.Services, seedDemo: true, NullLogger.Instance, CancellationToken.None);

    private Task<long> MarkerAsync() => _app.QueryAsync(async db =>
    {
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)(await command.ExecuteScalarAsync())!;
    });

    private Task<int> RenameProviderAsync(string from, string to) => _app.QueryAsync(db =>
        db.Providers.Where(p => p.OrganisationNumber == from).ExecuteUpdateAsync(s => s.SetProperty(p => p.OrganisationNumber, to)));
}
