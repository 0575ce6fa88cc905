using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Demo;

/// <summary>
/// The README's run command seeds the whole demo (<see cref="DemoModule.SeedFullDemoAsync"/>) on first start; every
/// step fails loudly, so a step that can never succeed (a demo person whose synthetic national id has no valid control
/// digits) would stop the system from starting. This runs every step, twice, as the first start and a restart do.
/// </summary>
public sealed class FullDemoSeedTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Every_step_of_the_full_demo_seeds_and_a_restart_changes_nothing()
    {
        await SeedAsync();
        var counts = await CountsAsync();
        counts.People.ShouldBeGreaterThan(400); // the year of history
        counts.Waiting.ShouldBe(3); // the routing demo's three waiting referrals

        await SeedAsync();

        (await CountsAsync()).ShouldBe(counts);
    }

    private async Task SeedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await DemoModule.SeedFullDemoAsync(scope.ServiceProvider, CancellationToken.None);
    }

    private Task<(int People, int Waiting, int Prescriptions, int ClaimLines)> CountsAsync() => _app.QueryAsync(async db => (
        await db.People.CountAsync(),
        await db.People.CountAsync(p => p.GivenName == "Marit" && p.FamilyName == "Solberg" || p.GivenName == "Kjell" && p.FamilyName == "Aas" || p.GivenName == "Nora" && p.FamilyName == "Lunde"),
        await db.Prescriptions.CountAsync(),
        await db.ClaimLines.CountAsync()));
}
