using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.AccessLog;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.SecurityAlerts;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Security;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.NeedToKnow;

/// <summary>
/// Issue 21: a look-up by national id states a purpose from a fixed list (REST body <c>purpose</c>, FHIR header
/// <c>X-Purpose-Of-Use</c>); the purpose reaches the person's access log; unusual volumes raise a security alert.
/// The 429 over the per-user limit is proven by RequestRateLimitTests.National_id_lookups_are_limited_per_user_across_FHIR_and_REST.
/// </summary>
public sealed class PurposeBoundLookupTests(NeedToKnowApp app) : IClassFixture<NeedToKnowApp>
{
    [Fact]
    public async Task A_FHIR_lookup_without_a_purpose_or_with_an_unknown_one_is_a_400_naming_the_header_and_relates_no_one()
    {
        var fnr = TestData.NewNationalId();
        var patient = await app.AsGp().CreatePatientAsync(fnr);
        var physio = WithPurpose(app.AsPhysiotherapist(), null);

        var search = await physio.GetFhirAsync($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}");
        (await search.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, LookupPurpose.Header)).Codes().ShouldBe(["fhir.purpose-of-use.required"]);
        var register = await physio.PostFhirAsync("/fhir/Patient", FhirData.NewPatient(fnr));
        (await register.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, LookupPurpose.Header)).Codes().ShouldBe(["fhir.purpose-of-use.required"]);
        var unknown = await WithPurpose(app.AsPhysiotherapist(), "nysgjerrighet").GetFhirAsync($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}");
        (await unknown.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, LookupPurpose.Header)).Codes().ShouldBe(["fhir.purpose-of-use.unknown"]);

        await (await physio.GetFhirAsync($"/fhir/Patient/{patient}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.PatientRelationships.AnyAsync(r => r.PersonId == Guid.Parse(patient) && r.Hpr == DemoIdentities.PhysiotherapistHpr))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_REST_eligibility_check_without_a_purpose_is_a_400_naming_purpose()
    {
        var gp = app.AsGp();

        var missing = await gp.PostAsJsonAsync("/api/eligibility/check", new { nationalId = TestData.NewNationalId() });
        var unknown = await gp.PostAsJsonAsync("/api/eligibility/check", new { nationalId = TestData.NewNationalId(), purpose = "nysgjerrighet" });

        (await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("purpose")[0].GetProperty("code").GetString().ShouldBe("required");
        (await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("purpose")[0].GetProperty("code").GetString().ShouldBe("one-of");
    }

    [Fact]
    public async Task A_second_referrers_lookup_is_audited_with_its_purpose_and_the_person_sees_who_and_why()
    {
        var fnr = TestData.NewNationalId();
        await app.AsGp().CreatePatientAsync(fnr);

        (await WithPurpose(app.AsPhysiotherapist(), LookupPurpose.NewReferral).GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}")).Total.ShouldBe(1);

        var log = await app.AsParticipant(fnr).GetFromJsonAsync<LogPage>("/api/me/access-log", Json.Options);
        var lookup = log!.Items.Where(e => e.Hpr == DemoIdentities.PhysiotherapistHpr).ShouldHaveSingleItem();
        lookup.Purpose.ShouldBe(LookupPurpose.NewReferral);
        lookup.OrganisationNumber.ShouldBe(DemoIdentities.PhysioOrg);
        lookup.ActorName.ShouldNotBeNullOrWhiteSpace();
        log.Items.ShouldContain(e => e.Hpr == DemoIdentities.GpHpr && e.Purpose == LookupPurpose.FollowUp);
    }

    [Fact]
    public async Task An_alert_is_raised_at_the_configured_volume_and_not_below_and_only_the_security_officer_reads_it()
    {
        // A referrer no other test here uses, so the count is theirs alone.
        var nav = app.ClientAs(Roles.Referrer, DemoIdentities.NavCounsellorHpr, DemoIdentities.NavOrg);
        var officer = app.ClientAs(Roles.SecurityOfficer);
        for (var i = 0; i < NeedToKnowApp.AlertThreshold - 1; i++)
        {
            (await nav.GetFhirAsync($"/fhir/Patient?identifier={FhirData.Fnr}|{TestData.NewNationalId()}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await AlertsOfNavAsync(officer)).ShouldBeEmpty();

        (await nav.PostAsJsonAsync("/api/eligibility/check", new { nationalId = TestData.NewNationalId(), purpose = LookupPurpose.NewReferral })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var alert = (await AlertsOfNavAsync(officer)).ShouldHaveSingleItem();
        alert.Count.ShouldBe(NeedToKnowApp.AlertThreshold);
        alert.OrganisationNumber.ShouldBe(DemoIdentities.NavOrg);
        alert.RaisedAt.ShouldBe(app.Clock.GetUtcNow());

        // More look-ups in the same window add no second alert.
        (await nav.GetFhirAsync($"/fhir/Patient?identifier={FhirData.Fnr}|{TestData.NewNationalId()}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AlertsOfNavAsync(officer)).ShouldHaveSingleItem();

        (await app.AsGp().GetAsync("/api/security/alerts")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AsOsloGym().GetAsync("/api/security/alerts")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == "SecurityAlert" && a.Role == Roles.SecurityOfficer))).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task The_alerts_page_is_in_Norwegian_for_the_security_officer_and_closed_to_a_GP()
    {
        var officer = app.Browser();
        await officer.SignInAsync("security");
        var page = await officer.GetAsync("/sikkerhet/varsler");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("<h1>Sikkerhetsvarsler</h1>");
        html.ShouldContain("href=\"/sikkerhet/varsler\"");

        var gp = app.Browser();
        await gp.SignInAsync("gp");
        (await gp.GetAsync("/sikkerhet/varsler")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    private static async Task<List<SecurityAlertView>> AlertsOfNavAsync(HttpClient officer)
    {
        var page = await officer.GetFromJsonAsync<AlertPage>("/api/security/alerts", Json.Options);
        return [.. page!.Items.Where(a => a.Hpr == DemoIdentities.NavCounsellorHpr)];
    }

    /// <summary>The client with the purpose header replaced (null: none at all).</summary>
    private static HttpClient WithPurpose(HttpClient client, string? purpose)
    {
        client.DefaultRequestHeaders.Remove(LookupPurpose.Header);
        if (purpose is not null)
        {
            client.DefaultRequestHeaders.Add(LookupPurpose.Header, purpose);
        }

        return client;
    }

    private sealed record LogPage(List<AccessLogEntry> Items, int Page, int PageSize, int Total);

    private sealed record AlertPage(List<SecurityAlertView> Items, int Page, int PageSize, int Total);
}
