using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Pilots;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Demo;

/// <summary>The full demo's pilot: three real municipalities, a stepped wedge, enrolment in progress, seen through the API.</summary>
public sealed class DemoPilotTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<DemoHistory>().SeedAsync(CancellationToken.None)).ShouldBeTrue();
        (await scope.ServiceProvider.GetRequiredService<DemoPilot>().SeedAsync(CancellationToken.None)).ShouldBeTrue();
        (await scope.ServiceProvider.GetRequiredService<DemoPilot>().SeedAsync(CancellationToken.None)).ShouldBeFalse();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task The_demo_pilot_spans_three_municipalities_with_a_stepped_wedge_and_enrolment_in_progress()
    {
        var oslo = _app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);
        var pilot = (await oslo.GetOkAsync("/api/pilots")).EnumerateArray().Single(p => p.GetProperty("name").GetString() == DemoPilot.Name);
        var id = pilot.GetProperty("id").GetGuid();

        var detail = await oslo.GetOkAsync($"/api/pilots/{id}");
        detail.GetProperty("municipalities").EnumerateArray().Select(m => m.GetProperty("kommunenummer").GetString()).ShouldBe(["4601", "0301", "5001"], ignoreOrder: true);
        detail.GetProperty("coFinancingShares").GetArrayLength().ShouldBeGreaterThan(0);
        var allocation = await oslo.GetOkAsync($"/api/pilots/{id}/allocation");
        allocation.GetProperty("design").GetString().ShouldBe("SteppedWedge");
        allocation.GetProperty("reproducible").GetBoolean().ShouldBeTrue();
        allocation.GetProperty("municipalities").GetArrayLength().ShouldBe(3);

        var progress = await oslo.GetOkAsync($"/api/pilots/{id}/progress");
        var total = progress.GetProperty("total");
        total.GetProperty("enrolled").GetInt32().ShouldBe(87);
        total.GetProperty("target").GetInt32().ShouldBe(1000);
        total.GetProperty("months").GetArrayLength().ShouldBe(5);
        total.GetProperty("months").EnumerateArray().Count(m => m.GetProperty("enrolled").GetInt32() > 0).ShouldBeGreaterThanOrEqualTo(4);
        var bergen = _app.ClientAs(Roles.Municipality, org: DemoIdentities.BergenKommuneOrg);
        (await bergen.GetOkAsync($"/api/pilots/{id}/progress")).GetProperty("municipalities").GetArrayLength().ShouldBe(1);
    }
}
