using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Payers;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Municipal;

/// <summary>
/// Oslo's coordinator sees the municipality's referrals no gym has accepted (those it funds for its residents and those
/// its frisklivssentral wrote) and sends one on with the matching: to a gym Oslo has a contract with when Oslo pays.
/// Oslo has an active contract with Aktiv Trening Oslo only (base demo).
/// </summary>
public sealed class RoutingTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private HttpClient Coordinator() => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    private HttpClient Frisklivs() => app.ClientAs(Roles.Referrer, DemoIdentities.HealthyLifeCentreHpr, DemoIdentities.OsloKommuneOrg);

    private static async Task<Guid?> SterkHverdagLocationAsync(AktivApiFactory app) =>
        await app.QueryAsync(db => db.Locations.Where(l => db.Providers.Any(p => p.Id == l.ProviderId && p.OrganisationNumber == DemoIdentities.SterkHverdagOrg)).Select(l => (Guid?)l.Id).FirstAsync());

    private static async Task<IReadOnlyList<Guid>> WaitingAsync(HttpClient client) =>
        [.. (await (await client.GetAsync("/api/municipality/waiting-referrals")).ReadJsonAsync()).EnumerateArray().Select(r => r.GetProperty("id").GetGuid())];

    [Fact]
    public async Task The_coordinator_routes_a_municipally_funded_referral_only_to_a_contracted_gym_with_capacity()
    {
        var id = await Frisklivs().IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), funding: "Municipality"));
        var coordinator = Coordinator();

        (await WaitingAsync(coordinator)).ShouldContain(id);
        var candidates = await (await coordinator.GetAsync($"/api/prescriptions/{id}/candidates")).ReadJsonAsync();
        var providers = candidates.EnumerateArray().Select(c => c.GetProperty("providerName").GetString()).Distinct().ToList();
        providers.ShouldBe(["Aktiv Trening Oslo AS"]);

        var refused = await coordinator.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = await SterkHverdagLocationAsync(app) });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("location.not-contracted");
        (await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.ProviderId).SingleAsync())).ShouldBeNull();

        var sent = await coordinator.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId });
        sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        var row = (await (await coordinator.GetAsync("/api/municipality/waiting-referrals")).ReadJsonAsync()).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == id);
        row.GetProperty("sentToProvider").GetString().ShouldBe("Aktiv Trening Oslo AS");
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{id}" && a.Action == "update:send" && a.Outcome == Server.Common.Audit.AuditOutcome.Success))).ShouldBe(1);

        // Once a gym has accepted it, it is no longer the coordinator's to see.
        var per = await app.Services.TrainerIdAsync(DemoIdentities.TrainerAktivInstruktorFnr);
        (await app.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = per })).EnsureSuccessStatusCode();
        (await WaitingAsync(coordinator)).ShouldNotContain(id);
        (await coordinator.GetAsync($"/api/prescriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_referral_the_municipality_does_not_pay_for_may_go_to_any_gym_with_capacity()
    {
        var id = await Frisklivs().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        var coordinator = Coordinator();

        var candidates = await (await coordinator.GetAsync($"/api/prescriptions/{id}/candidates")).ReadJsonAsync();
        candidates.EnumerateArray().Select(c => c.GetProperty("providerName").GetString()).ShouldContain("Sterk Hverdag AS");
        var sent = await coordinator.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = await SterkHverdagLocationAsync(app) });
        sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_gps_referral_and_another_municipalitys_referral_are_not_the_coordinators()
    {
        var gps = await app.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        var bergenResident = await app.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), funding: "Municipality", kommune: "4601"));
        var osloResident = await app.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), funding: "Municipality"));
        var coordinator = Coordinator();

        var waiting = await WaitingAsync(coordinator);
        waiting.ShouldNotContain(gps);
        waiting.ShouldNotContain(bergenResident);
        waiting.ShouldContain(osloResident);
        foreach (var id in new[] { gps, bergenResident })
        {
            (await coordinator.GetAsync($"/api/prescriptions/{id}/candidates")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await coordinator.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var bergenOrg = ClaimsKit.NextOrganisationNumber();
        await app.QueryAsync(async db =>
        {
            db.Payers.Add(new Payer { Kind = PayerKind.Municipality, Name = "Bergen kommune (test)", OrganisationNumber = bergenOrg, Kommunenummer = "4601", AccountIban = "NO8415030000118", Bic = "DNBANOKK" });
            return await db.SaveChangesAsync();
        });
        var bergen = app.ClientAs(Roles.Municipality, org: bergenOrg);
        var bergens = await WaitingAsync(bergen);
        bergens.ShouldContain(bergenResident);
        bergens.ShouldNotContain(osloResident);
        (await bergen.PostAsJsonAsync($"/api/prescriptions/{osloResident}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_a_municipality_has_a_queue()
    {
        (await app.AsGp().GetAsync("/api/municipality/waiting-referrals")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AsOsloGym().GetAsync("/api/municipality/waiting-referrals")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.ClientAs(Roles.Municipality, org: ClaimsKit.NextOrganisationNumber()).GetAsync("/api/municipality/waiting-referrals")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
