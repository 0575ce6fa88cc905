using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Pilots;
using AktivResept.Server.Features.Consents;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Contracts;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Pilots;

/// <summary>Enrolment with consent, a randomised allocation reproducible from its seed and frozen by the first outcome.</summary>
public sealed class PilotEnrolmentTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>, IAsyncLifetime
{
    private TestMunicipality _oslo = default!;
    private TestMunicipality _bergen = default!;

    public async Task InitializeAsync()
    {
        _oslo = await app.OsloAsync();
        _bergen = await app.MunicipalityAsync("4601", "Bergen kommune (test)", 0.20m);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid> PilotAsync(string from = "2026-09-01", string to = "2027-08-31") =>
        (await app.AsCoordinator(_oslo).CreatePilotAsync(new
        {
            name = "Pilot",
            cohortTarget = 12,
            enrolmentFrom = from,
            enrolmentTo = to,
            followUpMonths = new[] { 0, 12 },
            consentTextVersion = PilotsKit.ConsentVersion,
            municipalities = new[] { new { municipalityId = _oslo.Id }, new { municipalityId = _bergen.Id } },
        })).Id();

    [Fact]
    public async Task An_enrolment_records_who_consented_to_what_text_and_when()
    {
        var id = await PilotAsync();
        var fnr = await app.ResidentAsync("4601");

        var enrolment = await app.AsCoordinator(_bergen).EnrolledAsync(id, fnr);

        enrolment.GetProperty("sequence").GetInt32().ShouldBe(1);
        enrolment.GetProperty("enrolledOn").GetString().ShouldBe("2026-11-24");
        var consent = enrolment.GetProperty("consent");
        consent.GetProperty("purpose").GetString().ShouldBe($"pilot:{id}");
        consent.GetProperty("textVersion").GetString().ShouldBe(PilotsKit.ConsentVersion);
        consent.GetProperty("withdrawnAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        var personId = enrolment.GetProperty("personId").GetGuid();
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.SubjectPersonId == personId && a.Action == "create" && a.Resource.StartsWith($"Pilot/{id}/enrolments/")))).ShouldBe(1);

        var withdrawn = await app.AsCoordinator(_bergen).PostAsync($"/api/pilots/{id}/enrolments/{enrolment.Id()}/withdraw", null);
        withdrawn.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync(db => db.ConsentRecords.SingleAsync(c => c.PersonId == personId))).WithdrawnAt.ShouldNotBeNull();
        (await app.AsCoordinator(_bergen).PostAsync($"/api/pilots/{id}/enrolments/{enrolment.Id()}/withdraw", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Enrolment_without_consent_outside_the_window_or_twice_is_409_and_nothing_is_saved()
    {
        var open = await PilotAsync();
        var closed = await PilotAsync(from: "2026-01-01", to: "2026-10-31");
        var fnr = await app.ResidentAsync("4601");
        var bergen = app.AsCoordinator(_bergen);
        var consents = await app.QueryAsync(db => db.ConsentRecords.CountAsync());

        await (await bergen.EnrolAsync(open, fnr, consent: false)).ShouldConflictAsync("pilot.consent-required");
        await (await bergen.EnrolAsync(open, fnr, version: "gammel-tekst")).ShouldConflictAsync("pilot.consent-text-version");
        await (await bergen.PostAsJsonAsync($"/api/pilots/{open}/enrolments", new { nationalId = fnr, consent = new { given = false, textVersion = PilotsKit.ConsentVersion } })).ShouldConflictAsync("pilot.consent-required");
        await (await bergen.EnrolAsync(closed, fnr)).ShouldConflictAsync("pilot.enrolment-outside-window");

        (await app.QueryAsync(db => db.PilotEnrolments.CountAsync(e => e.PilotId == open || e.PilotId == closed))).ShouldBe(0);
        (await app.QueryAsync(db => db.ConsentRecords.CountAsync())).ShouldBe(consents);

        await bergen.EnrolledAsync(open, fnr);
        await (await bergen.EnrolAsync(open, fnr)).ShouldConflictAsync("pilot.already-enrolled");
    }

    [Fact]
    public async Task A_coordinator_enrols_only_residents_of_their_own_municipality_and_lists_only_those()
    {
        var id = await PilotAsync();
        var osloResident = await app.ResidentAsync("0301");
        var bergenResident = await app.ResidentAsync("4601");

        await (await app.AsCoordinator(_bergen).EnrolAsync(id, osloResident)).ShouldNameFieldAsync("nationalId", "pilot.person-not-resident");
        await (await app.AsCoordinator(_bergen).EnrolAsync(id, TestData.NewNationalId())).ShouldNameFieldAsync("nationalId", "pilot.person-unknown");
        (await app.AsOsloGym().EnrolAsync(id, osloResident)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await app.AsCoordinator(_oslo).EnrolledAsync(id, osloResident);
        await app.AsCoordinator(_bergen).EnrolledAsync(id, bergenResident);

        var bergenList = await app.AsCoordinator(_bergen).GetOkAsync($"/api/pilots/{id}/enrolments");
        bergenList.GetProperty("total").GetInt32().ShouldBe(1);
        bergenList.GetProperty("items")[0].GetProperty("municipalityId").GetGuid().ShouldBe(_bergen.Id);
    }

    [Fact]
    public async Task A_randomised_allocation_is_reproducible_from_its_seed_and_gives_each_enrolment_the_next_place()
    {
        var id = await PilotAsync();
        var oslo = app.AsCoordinator(_oslo);
        var set = await oslo.PutAsJsonAsync($"/api/pilots/{id}/allocation", new { design = "RandomisedParticipants", arms = new[] { "trening", "kontroll" }, blockSize = 4 });
        var allocation = await set.ReadJsonAsync();
        set.StatusCode.ShouldBe(HttpStatusCode.OK, allocation.ToString());

        var seed = allocation.GetProperty("seed").GetInt64();
        var stored = allocation.Strings("participantArms");
        stored.Length.ShouldBe(12);
        stored.ShouldBe(Allocations.ByParticipant(seed, ["trening", "kontroll"], 4, 12));
        allocation.GetProperty("reproducible").GetBoolean().ShouldBeTrue();

        var arms = new List<string>();
        for (var i = 0; i < 14; i++)
        {
            arms.Add((await oslo.EnrolledAsync(id, await app.ResidentAsync("0301"))).GetProperty("arm").GetString()!);
        }

        // Past the drawn list the next blocks of the same seed follow: the list grows, its start never changes.
        arms.ShouldBe(Allocations.ByParticipant(seed, ["trening", "kontroll"], 4, 14));
        var after = await oslo.GetOkAsync($"/api/pilots/{id}/allocation");
        after.Strings("participantArms").Take(12).ShouldBe(stored);
        after.GetProperty("reproducible").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task The_allocation_can_be_replaced_until_the_first_outcome_and_never_after()
    {
        var id = await PilotAsync();
        var oslo = app.AsCoordinator(_oslo);
        var design = new { design = "RandomisedMunicipalities", seed = 11, arms = new[] { "A", "B" } };
        (await oslo.PutAsJsonAsync($"/api/pilots/{id}/allocation", design)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A participant with an accepted prescription at a gym is enrolled: still no outcome, so a new seed is allowed.
        var gym = await app.NewGymAsync();
        var fnr = TestData.NewNationalId();
        var prescription = await app.AsGp().IssueAsync(TestData.IssueRequest(fnr, start: TestData.Today));
        (await app.AsGp().PostAsJsonAsync($"/api/prescriptions/{prescription}/send", new { locationId = gym.LocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trainers = await gym.Admin.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{prescription}/qualified-trainers", Json.Options);
        (await gym.Admin.PostAsJsonAsync($"/api/prescriptions/{prescription}/accept", new { trainerId = trainers!.First().Id, memberRef = "pilot-m1" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await oslo.EnrolledAsync(id, fnr);
        var second = await oslo.PutAsJsonAsync($"/api/pilots/{id}/allocation", design with { seed = 12 });
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.ReadJsonAsync()).GetProperty("revision").GetInt32().ShouldBe(2);

        // The first session after enrolment is the first outcome: from now on the allocation is frozen.
        app.Clock.Advance(TimeSpan.FromHours(12));
        await app.AttendAsync(gym, "pilot-m1", ("class-attendance", 24, 18));
        var before = await oslo.GetOkAsync($"/api/pilots/{id}/allocation");
        before.GetProperty("frozen").GetBoolean().ShouldBeTrue();

        await (await oslo.PutAsJsonAsync($"/api/pilots/{id}/allocation", design with { seed = 13 })).ShouldConflictAsync("pilot.allocation-frozen");
        await (await oslo.PutAsJsonAsync($"/api/pilots/{id}/allocation", new { design = "SteppedWedge", seed = 1, firstStart = "2027-01-01", stepMonths = 2 })).ShouldConflictAsync("pilot.allocation-frozen");

        var after = await oslo.GetOkAsync($"/api/pilots/{id}/allocation");
        after.GetProperty("seed").GetInt64().ShouldBe(12);
        after.GetProperty("revision").GetInt32().ShouldBe(2);
        after.GetProperty("municipalities").ToString().ShouldBe(before.GetProperty("municipalities").ToString());
    }

    [Fact]
    public async Task An_outcome_measured_after_enrolment_freezes_the_allocation_and_a_baseline_before_it_does_not()
    {
        var id = await PilotAsync();
        var oslo = app.AsCoordinator(_oslo);
        var design = new { design = "RandomisedMunicipalities", seed = 21, arms = new[] { "A", "B" } };
        (await oslo.PutAsJsonAsync($"/api/pilots/{id}/allocation", design)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var followed = await app.FollowedAsync(startInDays: -14);
        var baseline = await followed.Trainer.RecordAsync(followed.Id, new { instrument = "six-minute-walk", timepoint = "baseline", effectiveAt = app.Clock.GetUtcNow().AddMinutes(-1), values = new { value = 380 } });
        baseline.StatusCode.ShouldBe(HttpStatusCode.Created, await baseline.Content.ReadAsStringAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await oslo.EnrolledAsync(id, followed.ParticipantFnr);

        (await oslo.GetOkAsync($"/api/pilots/{id}/allocation")).GetProperty("frozen").GetBoolean().ShouldBeFalse();
        (await oslo.PutAsJsonAsync($"/api/pilots/{id}/allocation", design with { seed = 22 })).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromHours(1));
        var measured = await followed.Trainer.RecordAsync(followed.Id, new { instrument = "six-minute-walk", effectiveAt = app.Clock.GetUtcNow().AddMinutes(-5), values = new { value = 420 } });
        measured.StatusCode.ShouldBe(HttpStatusCode.Created, await measured.Content.ReadAsStringAsync());

        (await oslo.GetOkAsync($"/api/pilots/{id}/allocation")).GetProperty("frozen").GetBoolean().ShouldBeTrue();
        await (await oslo.PutAsJsonAsync($"/api/pilots/{id}/allocation", design with { seed = 23 })).ShouldConflictAsync("pilot.allocation-frozen");
        (await oslo.GetOkAsync($"/api/pilots/{id}/allocation")).GetProperty("seed").GetInt64().ShouldBe(22);
    }

    [Fact]
    public async Task An_enrolled_participant_is_measured_on_the_pilots_follow_up_schedule()
    {
        var id = (await app.AsCoordinator(_oslo).CreatePilotAsync(new
        {
            name = "Kort oppfølging",
            cohortTarget = 12,
            enrolmentFrom = "2026-09-01",
            enrolmentTo = "2027-08-31",
            followUpMonths = new[] { 0, 3, 12 },
            consentTextVersion = PilotsKit.ConsentVersion,
            municipalities = new[] { new { municipalityId = _oslo.Id } },
        })).Id();
        var followed = await app.FollowedAsync(startInDays: 0);
        var before = await followed.Trainer.GetOkAsync($"/api/prescriptions/{followed.Id}/outcomes");
        before.GetProperty("schedule").GetString().ShouldBe("programme");

        await app.AsCoordinator(_oslo).EnrolledAsync(id, followed.ParticipantFnr);

        var after = await followed.Trainer.GetOkAsync($"/api/prescriptions/{followed.Id}/outcomes");
        after.GetProperty("schedule").GetString().ShouldBe("pilot: Kort oppfølging");
        after.GetProperty("timepoints").EnumerateArray().Select(t => t.GetProperty("code").GetString()).ShouldBe(["baseline", "end", "m3", "m12"], ignoreOrder: true);
        var recorded = await followed.Trainer.RecordAsync(followed.Id, new { instrument = "six-minute-walk", timepoint = "m3", effectiveAt = app.Clock.GetUtcNow(), values = new { value = 400 } });
        recorded.StatusCode.ShouldBe(HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync());
    }
}
