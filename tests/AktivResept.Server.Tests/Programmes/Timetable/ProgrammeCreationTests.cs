using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Claims;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Timetable;

/// <summary>Who may create which programme: the municipality, a gym under its contract, or a gym on state funding only where it offers none.</summary>
public sealed class ProgrammeCreationTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ClearTimetableAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Where_the_municipality_runs_a_programme_a_gym_delivers_only_under_its_contract()
    {
        var municipal = await (await app.AsOsloCoordinator().PostAsJsonAsync("/api/programmes", new { name = "Aktiv på dagtid Oslo", @operator = "Municipality" }))
            .BodyAsync(HttpStatusCode.Created);
        municipal.GetProperty("kommunenummer").GetString().ShouldBe("0301");
        municipal.GetProperty("payerId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        var stateFunded = await app.AsGym(DemoIdentities.SterkHverdagOrg).PostAsJsonAsync("/api/programmes", new { kommunenummer = "0301", name = "Sterk dagtid", @operator = "GymOnStateFunding" });
        var runsOne = await stateFunded.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        runsOne.GetProperty("code").GetString().ShouldBe("programme.municipality-runs-one");
        runsOne.GetProperty("field").GetString().ShouldBe("operator");

        var noContract = await app.AsGym(DemoIdentities.SterkHverdagOrg).PostAsJsonAsync("/api/programmes", new { kommunenummer = "0301", name = "Sterk dagtid", @operator = "GymUnderContract" });
        (await noContract.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("programme.no-active-contract");

        var contracted = await (await app.AsGym(DemoIdentities.AktivTreningOsloOrg).PostAsJsonAsync("/api/programmes", new { kommunenummer = "0301", name = "Aktiv Trening dagtid", @operator = "GymUnderContract" }))
            .BodyAsync(HttpStatusCode.Created);
        var oslo = await app.QueryAsync(db => db.Payers.Where(p => p.Kind == PayerKind.Municipality && p.Kommunenummer == "0301").Select(p => p.Id).SingleAsync());
        contracted.GetProperty("payerId").GetGuid().ShouldBe(oslo);
        contracted.GetProperty("contractId").GetGuid().ShouldNotBe(Guid.Empty);
        (await app.QueryAsync(db => db.Programmes.CountAsync(p => p.EndedAt == null && p.Name == "Sterk dagtid"))).ShouldBe(0);
    }

    [Fact]
    public async Task Where_the_municipality_offers_none_any_gym_runs_one_on_state_funding()
    {
        var created = await (await app.AsGym(DemoIdentities.NidarosTreningOrg).PostAsJsonAsync("/api/programmes", new { kommunenummer = "5001", name = "Aktiv på dagtid Trondheim", @operator = "GymOnStateFunding" }))
            .BodyAsync(HttpStatusCode.Created);

        var state = await app.QueryAsync(db => db.Payers.Where(p => p.Kind == PayerKind.State).Select(p => p.Id).SingleAsync());
        created.GetProperty("payerId").GetGuid().ShouldBe(state);
        created.GetProperty("operator").GetString().ShouldBe("GymOnStateFunding");
        var again = await app.AsGym(DemoIdentities.NidarosTreningOrg).PostAsJsonAsync("/api/programmes", new { kommunenummer = "5001", name = "Igjen", @operator = "GymOnStateFunding" });
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("programme.exists");
        var elsewhere = await app.AsGym(DemoIdentities.NidarosTreningOrg).PostAsJsonAsync("/api/programmes", new { kommunenummer = "4601", name = "Bergen", @operator = "GymOnStateFunding" });
        (await elsewhere.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("programme.gym-no-location");
    }

    [Fact]
    public async Task A_coordinator_cannot_create_a_state_funded_gym_programme_nor_a_gym_a_municipal_one()
    {
        var coordinator = await app.AsOsloCoordinator().PostAsJsonAsync("/api/programmes", new { name = "X", @operator = "GymOnStateFunding" });
        (await coordinator.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("forbidden.programme-operator");
        var gym = await app.AsGym(DemoIdentities.AktivTreningOsloOrg).PostAsJsonAsync("/api/programmes", new { kommunenummer = "0301", name = "X", @operator = "Municipality" });
        (await gym.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("forbidden.programme-operator");
        var participant = await app.AsParticipant(DemoIdentities.ParticipantAnneFnr).PostAsJsonAsync("/api/programmes", new { name = "X", @operator = "Municipality" });
        await participant.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_each_field()
    {
        var response = await app.AsGym(DemoIdentities.AktivTreningOsloOrg).PostAsJsonAsync("/api/programmes", new { kommunenummer = "12", name = "", @operator = "GymUnderContract" });

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.GetProperty("kommunenummer")[0].GetProperty("code").GetString().ShouldBe("kommunenummer.format");
        errors.GetProperty("name")[0].GetProperty("code").GetString().ShouldBe("required-max-length");
        var unknownOperator = await app.AsOsloCoordinator().PostAsJsonAsync("/api/programmes", new { name = "X", @operator = "Nobody" });
        await unknownOperator.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Another_gyms_programme_and_an_unknown_id_are_both_not_found()
    {
        var programme = await app.MunicipalProgrammeAsync();

        (await app.AsOsloCoordinator().GetAsync($"/api/programmes/{programme}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var notYours = await app.AsGym(DemoIdentities.SterkHverdagOrg).GetAsync($"/api/programmes/{programme}");
        var unknown = await app.AsOsloCoordinator().GetAsync($"/api/programmes/{Guid.NewGuid()}");
        await notYours.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var term = await app.AsGym(DemoIdentities.SterkHverdagOrg).PostAsJsonAsync($"/api/programmes/{programme}/terms", new { name = "Vinter", startsOn = TimetableKit.TermStart, endsOn = TimetableKit.TermEnd });
        await term.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Programme/{programme}" && a.Outcome == Server.Common.Audit.AuditOutcome.Denied))).ShouldBeGreaterThan(0);
    }
}
