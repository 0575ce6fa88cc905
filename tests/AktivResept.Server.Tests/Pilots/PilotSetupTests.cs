using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Contracts;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Pilots;

/// <summary>Setting up a pilot: municipalities on active contracts, co-financing read from them, and who sees what.</summary>
public sealed class PilotSetupTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>, IAsyncLifetime
{
    private TestMunicipality _oslo = default!;
    private TestMunicipality _bergen = default!;
    private TestMunicipality _trondheim = default!;
    private TestMunicipality _stavanger = default!;
    private TestMunicipality _outsider = default!;

    public async Task InitializeAsync()
    {
        _oslo = await app.OsloAsync();
        _bergen = await app.MunicipalityAsync("4601", "Bergen kommune (test)", 0.20m);
        _trondheim = await app.MunicipalityAsync("5001", "Trondheim kommune (test)", 0.35m);
        _stavanger = await app.MunicipalityAsync("1103", "Stavanger kommune (test)", share: null);
        _outsider = await app.MunicipalityAsync("3301", "Drammen kommune (test)", 0.25m);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_municipality_without_an_active_contract_is_refused_by_name_and_nothing_is_saved()
    {
        var before = await app.QueryAsync(db => db.Pilots.CountAsync());

        var response = await app.AsCoordinator(_oslo).PostAsJsonAsync("/api/pilots", PilotsKit.PilotBody(_oslo, _bergen, _stavanger));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("pilot.municipality-without-active-contract");
        problem.GetProperty("args").GetProperty("municipality").GetString().ShouldBe(_stavanger.Name);
        problem.GetProperty("field").GetString().ShouldBe("municipalities[2]");
        (await app.QueryAsync(db => db.Pilots.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task A_named_contract_that_is_only_a_draft_is_refused_naming_the_municipality()
    {
        var gym = await app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync());
        var draft = (await app.AsCoordinator(_oslo).DraftContractAsync(gym)).Id();
        var body = new
        {
            name = "Pilot med utkast",
            cohortTarget = 10,
            enrolmentFrom = "2026-09-01",
            enrolmentTo = "2027-08-31",
            followUpMonths = new[] { 0, 12 },
            consentTextVersion = "v1",
            municipalities = new[] { new { municipalityId = _oslo.Id, contractIds = new[] { draft } } },
        };

        var response = await app.AsCoordinator(_oslo).PostAsJsonAsync("/api/pilots", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("pilot.contract-not-active");
        problem.GetProperty("args").GetProperty("municipality").GetString().ShouldBe(_oslo.Name);
    }

    [Fact]
    public async Task Bad_fields_are_400_naming_each_field()
    {
        var body = new
        {
            name = "",
            cohortTarget = 0,
            enrolmentFrom = "2026-09-01",
            enrolmentTo = "2026-08-01",
            followUpMonths = new[] { 0, 12, 6 },
            consentTextVersion = "v1",
            municipalities = new[] { new { municipalityId = Guid.NewGuid() } },
            viewers = new[] { new { role = "trainer", organisationNumber = "123" } },
        };

        var response = await app.AsCoordinator(_oslo).PostAsJsonAsync("/api/pilots", body);

        await response.ShouldNameFieldAsync("name", "required-max-length");
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "cohortTarget", "enrolmentTo", "followUpMonths", "municipalities[0].municipalityId", "viewers[0].role", "viewers[0].organisationNumber" })
        {
            errors.TryGetProperty(field, out _).ShouldBeTrue(field);
        }
    }

    [Fact]
    public async Task The_co_financing_is_each_contracts_share_in_force_and_follows_a_new_version()
    {
        var pilot = await app.AsCoordinator(_oslo).CreatePilotAsync(PilotsKit.PilotBody(_oslo, _bergen, _trondheim));
        var id = pilot.Id();

        pilot.GetProperty("coFinancingShares").EnumerateArray().Select(s => s.GetDecimal()).ShouldBe([0.20m, 0.30m, 0.35m]);
        var bergen = pilot.GetProperty("municipalities").EnumerateArray().Single(m => m.GetProperty("municipalityId").GetGuid() == _bergen.Id);
        bergen.GetProperty("contracts")[0].GetProperty("coFinancingShare").GetDecimal().ShouldBe(0.20m);

        // The contract's share changes: the pilot has no number of its own to disagree with it.
        await app.QueryAsync(db => db.ContractVersions.Where(v => db.Contracts.Any(c => c.Id == v.ContractId && c.PayerId == _bergen.Id)).ExecuteUpdateAsync(s => s.SetProperty(v => v.CoFinancingShare, 0.25m)));
        var again = await app.AsCoordinator(_oslo).GetOkAsync($"/api/pilots/{id}");
        again.GetProperty("coFinancingShares").EnumerateArray().Select(s => s.GetDecimal()).ShouldBe([0.25m, 0.30m, 0.35m]);
        again.GetProperty("followUpMonths").EnumerateArray().Select(m => m.GetInt32()).ShouldBe([0, 6, 12, 24, 36]);
    }

    [Fact]
    public async Task The_lead_and_named_roles_see_every_municipality_a_member_sees_its_own_and_others_get_404()
    {
        var id = (await app.AsCoordinator(_oslo).CreatePilotAsync(PilotsKit.PilotBody(_oslo, _bergen, _trondheim))).Id();

        foreach (var all in new[] { app.AsCoordinator(_oslo), app.ClientAs(Roles.Payer, org: DemoIdentities.StatePayerOrg) })
        {
            var detail = await all.GetOkAsync($"/api/pilots/{id}");
            detail.GetProperty("view").GetString().ShouldBe("AllMunicipalities");
            detail.GetProperty("municipalities").GetArrayLength().ShouldBe(3);
            (await all.GetOkAsync($"/api/pilots/{id}/progress")).GetProperty("municipalities").GetArrayLength().ShouldBe(3);
        }

        var member = await app.AsCoordinator(_bergen).GetOkAsync($"/api/pilots/{id}");
        member.GetProperty("view").GetString().ShouldBe("OwnMunicipality");
        member.GetProperty("municipalities").EnumerateArray().Select(m => m.GetProperty("municipalityId").GetGuid()).ShouldBe([_bergen.Id]);
        member.GetProperty("viewers").GetArrayLength().ShouldBe(0);
        var progress = await app.AsCoordinator(_bergen).GetOkAsync($"/api/pilots/{id}/progress");
        progress.GetProperty("municipalities").EnumerateArray().Select(m => m.GetProperty("municipalityId").GetGuid()).ShouldBe([_bergen.Id]);
        progress.GetProperty("total").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        foreach (var stranger in new[] { app.AsCoordinator(_outsider), app.AsOsloGym(), app.AsGp(), app.ClientAs(Roles.Payer, org: DemoIdentities.EmployerOrg), app.ClientAs(Roles.Researcher, org: DemoIdentities.StatePayerOrg) })
        {
            (await stranger.GetAsync($"/api/pilots/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await stranger.GetAsync($"/api/pilots/{id}/progress")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await stranger.GetAsync($"/api/pilots/{id}/allocation")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await app.AsCoordinator(_outsider).GetOkAsync("/api/pilots")).EnumerateArray().Select(p => p.Id()).ShouldNotContain(id);
        (await app.AsCoordinator(_bergen).GetOkAsync("/api/pilots")).EnumerateArray().Select(p => p.Id()).ShouldContain(id);
    }

    [Fact]
    public async Task Only_a_coordinator_sets_up_a_pilot_and_only_the_lead_changes_its_allocation()
    {
        (await app.AsOsloGym().PostAsJsonAsync("/api/pilots", PilotsKit.PilotBody(_oslo))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var id = (await app.AsCoordinator(_oslo).CreatePilotAsync(PilotsKit.PilotBody(_oslo, _bergen, _trondheim))).Id();
        var wedge = new { design = "SteppedWedge", seed = 7, firstStart = "2027-01-01", stepMonths = 3 };

        (await app.AsCoordinator(_bergen).PutAsJsonAsync($"/api/pilots/{id}/allocation", wedge)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.ClientAs(Roles.Payer, org: DemoIdentities.StatePayerOrg).PutAsJsonAsync($"/api/pilots/{id}/allocation", wedge)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AsCoordinator(_outsider).PutAsJsonAsync($"/api/pilots/{id}/allocation", wedge)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsCoordinator(_oslo).PutAsJsonAsync($"/api/pilots/{id}/allocation", wedge)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_stepped_wedge_gives_each_municipality_a_start_drawn_from_the_stored_seed()
    {
        var id = (await app.AsCoordinator(_oslo).CreatePilotAsync(PilotsKit.PilotBody(_oslo, _bergen, _trondheim))).Id();

        var response = await app.AsCoordinator(_oslo).PutAsJsonAsync($"/api/pilots/{id}/allocation", new { design = "SteppedWedge", seed = 20261124, firstStart = "2027-01-01", stepMonths = 3 });
        var allocation = await response.ReadJsonAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, allocation.ToString());
        var expected = Domain.Pilots.Allocations.SteppedWedge(20261124, ["0301", "4601", "5001"], new DateOnly(2027, 1, 1), 3);
        allocation.GetProperty("municipalities").EnumerateArray().Select(m => (m.GetProperty("kommunenummer").GetString(), m.GetProperty("start").GetString()))
            .ShouldBe(expected.Select(e => ((string?)e.Kommunenummer, (string?)e.Start!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        allocation.GetProperty("reproducible").GetBoolean().ShouldBeTrue();
        var member = await app.AsCoordinator(_bergen).GetOkAsync($"/api/pilots/{id}/allocation");
        member.GetProperty("seed").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }
}
