using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Features.Consents;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Contracts;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Pilots;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Consents;

/// <summary>
/// The person's own consents (issue 22): given with the text version shown, listed, withdrawn in one step with effect
/// at once; a second withdrawal changes nothing; another person's consent is not found; a pilot consent withdrawn by
/// the person stops the pilot's collection like the coordinator's withdrawal does.
/// </summary>
public sealed class MyConsentsTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string ContactVersion = "kontakt-2026-12";

    [Fact]
    public async Task A_participant_gives_the_contact_consent_sees_it_and_withdraws_it_at_once()
    {
        var fnr = await app.ResidentAsync("0301");
        var me = app.AsParticipant(fnr);

        var before = await me.GetOkAsync("/api/me/consents");
        before.GetProperty("consents").GetArrayLength().ShouldBe(0);
        var offer = before.GetProperty("offered").EnumerateArray().Single();
        offer.GetProperty("purpose").GetString().ShouldBe(ConsentPurpose.Contact);
        offer.GetProperty("textVersion").GetString().ShouldBe(ContactVersion);
        offer.GetProperty("inForce").GetBoolean().ShouldBeFalse();

        var given = await me.PostAsJsonAsync("/api/me/consents", new { purpose = "contact", textVersion = ContactVersion });
        var consent = await given.ReadJsonAsync();
        given.StatusCode.ShouldBe(HttpStatusCode.Created, consent.ToString());
        given.Headers.Location!.ToString().ShouldBe($"/api/me/consents/{consent.Id()}");
        consent.GetProperty("inForce").GetBoolean().ShouldBeTrue();
        consent.GetProperty("givenHere").GetBoolean().ShouldBeTrue();
        consent.GetProperty("givenAt").GetDateTimeOffset().ShouldBe(app.Clock.GetUtcNow());

        await (await me.PostAsJsonAsync("/api/me/consents", new { purpose = "contact", textVersion = ContactVersion })).ShouldConflictAsync("consent.already-given", "purpose");
        var listed = await me.GetOkAsync("/api/me/consents");
        listed.GetProperty("consents").EnumerateArray().Single().Id().ShouldBe(consent.Id());
        listed.GetProperty("offered").EnumerateArray().Single().GetProperty("inForce").GetBoolean().ShouldBeTrue();

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var withdrawnAt = app.Clock.GetUtcNow();
        var withdrawn = await me.GetOkAfterPostAsync($"/api/me/consents/{consent.Id()}/withdraw");
        withdrawn.GetProperty("inForce").GetBoolean().ShouldBeFalse();
        withdrawn.GetProperty("withdrawnAt").GetDateTimeOffset().ShouldBe(withdrawnAt);

        // Withdrawing again is the same answer and no second change: the first instant stands.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await me.GetOkAfterPostAsync($"/api/me/consents/{consent.Id()}/withdraw");
        again.GetProperty("withdrawnAt").GetDateTimeOffset().ShouldBe(withdrawnAt);
        var stored = await app.QueryAsync(db => db.ConsentRecords.AsNoTracking().SingleAsync(c => c.Id == consent.Id()));
        stored.WithdrawnAt.ShouldBe(withdrawnAt);
        stored.IsInForceAt(withdrawnAt.AddTicks(-1)).ShouldBeTrue();
        stored.IsInForceAt(withdrawnAt).ShouldBeFalse();

        var person = stored.PersonId;
        var audited = await app.QueryAsync(db => db.AuditRecords.AsNoTracking()
            .Where(a => a.SubjectPersonId == person && a.Resource == $"Consents/{consent.Id()}").Select(a => a.Action).ToListAsync());
        audited.Order(StringComparer.Ordinal).ShouldBe(["create", "update"]);

        // Giving it again later is as easy as the first time: a new record, the old one kept as history.
        var regiven = await me.PostAsJsonAsync("/api/me/consents", new { purpose = "contact", textVersion = ContactVersion });
        regiven.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await me.GetOkAsync("/api/me/consents")).GetProperty("consents").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_saves_nothing()
    {
        var fnr = await app.ResidentAsync("0301");
        var me = app.AsParticipant(fnr);

        await (await me.PostAsJsonAsync("/api/me/consents", new { textVersion = ContactVersion })).ShouldNameFieldAsync("purpose", "required");
        await (await me.PostAsJsonAsync("/api/me/consents", new { purpose = "contact" })).ShouldNameFieldAsync("textVersion", "required");
        await (await me.PostAsJsonAsync("/api/me/consents", new { purpose = $"research:{Guid.NewGuid()}", textVersion = ContactVersion }))
            .ShouldNameFieldAsync("purpose", "consent.purpose-not-offered");
        await (await me.PostAsJsonAsync("/api/me/consents", new { purpose = "contact", textVersion = "kontakt-2020-01" })).ShouldConflictAsync("consent.text-outdated", "textVersion");

        (await me.GetOkAsync("/api/me/consents")).GetProperty("consents").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Another_persons_consent_is_not_found_and_other_roles_are_refused()
    {
        var mine = app.AsParticipant(await app.ResidentAsync("0301"));
        var consent = await (await mine.PostAsJsonAsync("/api/me/consents", new { purpose = "contact", textVersion = ContactVersion })).ReadJsonAsync();
        var someoneElse = app.AsParticipant(await app.ResidentAsync("0301"));

        (await someoneElse.PostAsync($"/api/me/consents/{consent.Id()}/withdraw", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await someoneElse.PostAsync($"/api/me/consents/{Guid.NewGuid()}/withdraw", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var gp = await app.AsGp().GetAsync("/api/me/consents");
        (await gp.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("forbidden.consents-participant-only");
        (await app.AsOsloGym().PostAsync($"/api/me/consents/{consent.Id()}/withdraw", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await mine.GetOkAsync("/api/me/consents")).GetProperty("consents").EnumerateArray().Single().GetProperty("inForce").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_pilot_consent_the_person_withdraws_ends_the_pilots_collection_at_once()
    {
        var oslo = await app.OsloAsync();
        var pilot = (await app.AsCoordinator(oslo).CreatePilotAsync(PilotsKit.PilotBody(oslo))).Id();
        var fnr = await app.ResidentAsync("0301");
        var enrolment = await app.AsCoordinator(oslo).EnrolledAsync(pilot, fnr);
        var me = app.AsParticipant(fnr);

        var consent = (await me.GetOkAsync("/api/me/consents")).GetProperty("consents").EnumerateArray().Single();
        consent.GetProperty("kind").GetString().ShouldBe("Pilot");
        consent.GetProperty("title").GetString().ShouldBe("Helsefunn-piloten");
        consent.GetProperty("givenHere").GetBoolean().ShouldBeFalse();

        await me.GetOkAfterPostAsync($"/api/me/consents/{consent.Id()}/withdraw");

        var stored = await app.QueryAsync(db => db.PilotEnrolments.AsNoTracking().SingleAsync(e => e.Id == enrolment.Id()));
        stored.WithdrawnAt.ShouldBe(app.Clock.GetUtcNow());
        await (await app.AsCoordinator(oslo).PostAsync($"/api/pilots/{pilot}/enrolments/{enrolment.Id()}/withdraw", null)).ShouldConflictAsync("pilot.already-withdrawn");
    }
}

internal static class ConsentsKit
{
    public static async Task<JsonElement> GetOkAfterPostAsync(this HttpClient client, string url)
    {
        var response = await client.PostAsync(url, null);
        var json = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, json.ToString());
        return json;
    }
}
