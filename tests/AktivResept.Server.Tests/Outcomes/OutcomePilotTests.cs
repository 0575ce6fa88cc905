using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Pilots;

namespace AktivResept.Server.Tests.Outcomes;

/// <summary>Issue 12's hand-over: a pilot's allocation is frozen by the first outcome measurement of an enrolled participant.</summary>
public sealed class OutcomePilotTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_questionnaire_answered_after_enrolment_freezes_the_pilots_allocation()
    {
        var oslo = await app.OsloAsync();
        var bergen = await app.MunicipalityAsync("4601", "Bergen kommune (test)", 0.20m);
        var lead = app.AsCoordinator(oslo);
        var pilot = (await lead.CreatePilotAsync(new
        {
            name = "Pilot med måleresultater",
            cohortTarget = 12,
            enrolmentFrom = "2026-09-01",
            enrolmentTo = "2027-08-31",
            followUpMonths = new[] { 0, 12 },
            consentTextVersion = PilotsKit.ConsentVersion,
            municipalities = new[] { new { municipalityId = oslo.Id }, new { municipalityId = bergen.Id } },
        })).GetProperty("id").GetGuid();
        var design = new { design = "RandomisedMunicipalities", seed = 21, arms = new[] { "A", "B" } };
        (await lead.PutAsJsonAsync($"/api/pilots/{pilot}/allocation", design)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var p = await app.FollowedAsync(startInDays: 0);
        await lead.EnrolledAsync(pilot, p.ParticipantFnr);
        (await lead.GetOkAsync($"/api/pilots/{pilot}/allocation")).GetProperty("frozen").GetBoolean().ShouldBeFalse();

        app.Clock.Advance(TimeSpan.FromHours(2));
        var answered = await p.Participant.RecordAsync(p.Id, new { instrument = "eq-5d-5l", timepoint = "baseline", effectiveAt = app.Clock.GetUtcNow().AddMinutes(-5), values = OutcomeKit.Eq5d(1, 1, 2, 2, 1, 70) });
        answered.StatusCode.ShouldBe(HttpStatusCode.Created, await answered.Content.ReadAsStringAsync());

        (await lead.GetOkAsync($"/api/pilots/{pilot}/allocation")).GetProperty("frozen").GetBoolean().ShouldBeTrue();
        var redraw = await lead.PutAsJsonAsync($"/api/pilots/{pilot}/allocation", design with { seed = 22 });
        redraw.StatusCode.ShouldBe(HttpStatusCode.Conflict, await redraw.Content.ReadAsStringAsync());
        (await redraw.Content.ReadAsStringAsync()).ShouldContain("pilot.allocation-frozen");
    }
}
