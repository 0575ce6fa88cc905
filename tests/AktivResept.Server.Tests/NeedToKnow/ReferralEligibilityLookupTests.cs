using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.AccessLog;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Security;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.NeedToKnow;

/// <summary>
/// Issue 21: the referral form's and a draft's eligibility check are look-ups by national id like the REST check and
/// FHIR search — recorded by the one recorder (audit row with purpose, alert volume), seen by the person on innsyn,
/// and answered by the one minimising rule (the kind of benefit only to a referrer who may see the person). A purpose
/// may also come from a token claim; the request's own statement wins.
/// </summary>
public sealed class ReferralEligibilityLookupTests(NeedToKnowApp app) : IClassFixture<NeedToKnowApp>
{
    [Fact]
    public async Task A_drafts_eligibility_check_is_audited_as_a_new_referral_look_up_the_person_sees_and_names_the_benefit_to_its_referrer()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.WorkAssessmentAllowance, TestData.Today.AddYears(-1), TestData.Today.AddYears(1));
        var gp = app.AsGp();
        var draft = await gp.IssueAsync(TestData.IssueRequest(fnr, "StateReimbursed", draft: true));
        var person = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == draft).Select(p => p.ParticipantId).FirstAsync());

        var answer = await (await gp.GetAsync($"/api/prescriptions/{draft}/eligibility")).Content.ReadFromJsonAsync<EligibilityCheckResponse>(Json.Options);

        answer!.IsEligible.ShouldBeTrue();
        answer.Benefit.ShouldBe(BenefitKind.WorkAssessmentAllowance);
        var row = (await app.QueryAsync(db => db.AuditRecords.Where(a => a.Resource == PersonLookups.EligibilityResource && a.SubjectPersonId == person).ToListAsync())).ShouldHaveSingleItem();
        row.Purpose.ShouldBe(LookupPurpose.NewReferral);
        row.ActorHpr.ShouldBe(DemoIdentities.GpHpr);
        var log = await app.AsParticipant(fnr).GetFromJsonAsync<LogPage>("/api/me/access-log", Json.Options);
        log!.Items.ShouldContain(e => e.Hpr == DemoIdentities.GpHpr && e.Purpose == LookupPurpose.NewReferral && e.Category == "eligibility");
    }

    [Fact]
    public async Task The_referral_forms_check_is_a_look_up_with_purpose_and_names_the_benefit_only_to_a_related_referrer()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.WorkAssessmentAllowance, TestData.Today.AddYears(-1), TestData.Today.AddYears(1));
        var patient = Guid.Parse(await app.AsGp().CreatePatientAsync(fnr));

        var unrelated = await CheckOnTheFormAsync("physio", fnr);
        var related = await CheckOnTheFormAsync("gp", fnr);

        unrelated.ShouldContain("data-eligibility=\"whole\"");
        unrelated.ShouldNotContain("Arbeidsavklaringspenger");
        related.ShouldContain("data-eligibility=\"whole\"");
        related.ShouldContain("Ytelse: Arbeidsavklaringspenger");
        var rows = await app.QueryAsync(db => db.AuditRecords.Where(a => a.Resource == PersonLookups.EligibilityResource && a.SubjectPersonId == patient).ToListAsync());
        rows.Select(r => $"{r.ActorHpr} {r.Purpose}").Order(StringComparer.Ordinal).ShouldBe(
            new[] { $"{DemoIdentities.GpHpr} {LookupPurpose.NewReferral}", $"{DemoIdentities.PhysiotherapistHpr} {LookupPurpose.NewReferral}" }.Order(StringComparer.Ordinal));
        // Asking gives no relationship: the physiotherapist still cannot read the person.
        (await app.QueryAsync(db => db.PatientRelationships.AnyAsync(r => r.PersonId == patient && r.Hpr == DemoIdentities.PhysiotherapistHpr))).ShouldBeFalse();
        var log = await app.AsParticipant(fnr).GetFromJsonAsync<LogPage>("/api/me/access-log", Json.Options);
        log!.Items.ShouldContain(e => e.Hpr == DemoIdentities.PhysiotherapistHpr && e.Purpose == LookupPurpose.NewReferral);
    }

    [Fact]
    public async Task Draft_eligibility_checks_count_towards_the_alert_volume()
    {
        // A referrer no other test in this class uses, so the count is theirs alone.
        var frisklivs = app.ClientAs(Roles.Referrer, DemoIdentities.HealthyLifeCentreHpr, DemoIdentities.OsloKommuneOrg);
        var draft = await frisklivs.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), draft: true));
        for (var i = 0; i < NeedToKnowApp.AlertThreshold - 1; i++)
        {
            (await frisklivs.GetAsync($"/api/prescriptions/{draft}/eligibility")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await AlertsOfAsync(DemoIdentities.HealthyLifeCentreHpr)).ShouldBeEmpty();

        (await frisklivs.GetAsync($"/api/prescriptions/{draft}/eligibility")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await AlertsOfAsync(DemoIdentities.HealthyLifeCentreHpr)).ShouldHaveSingleItem().Count.ShouldBe(NeedToKnowApp.AlertThreshold);
    }

    [Fact]
    public async Task A_purpose_from_the_token_claim_is_enough_and_the_header_wins_over_it()
    {
        var fnr = TestData.NewNationalId();
        var patient = Guid.Parse(await app.AsGp().CreatePatientAsync(fnr));
        var claimsNewReferral = WithToken(LookupPurpose.NewReferral);

        var byClaim = await claimsNewReferral.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}");
        claimsNewReferral.DefaultRequestHeaders.Add(LookupPurpose.Header, LookupPurpose.FollowUp);
        var byHeader = await claimsNewReferral.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}");
        var rest = await WithToken(LookupPurpose.NewReferral).PostAsJsonAsync("/api/eligibility/check", new { nationalId = fnr });

        byClaim.Total.ShouldBe(1);
        byHeader.Total.ShouldBe(1);
        rest.StatusCode.ShouldBe(HttpStatusCode.OK, await rest.Content.ReadAsStringAsync());
        var purposes = await app.QueryAsync(db => db.AuditRecords
            .Where(a => a.SubjectPersonId == patient && a.ActorHpr == DemoIdentities.PhysiotherapistHpr)
            .OrderBy(a => a.Id).Select(a => new { a.Resource, a.Purpose }).ToListAsync());
        purposes.Select(p => $"{p.Resource} {p.Purpose}").ShouldBe([
            $"{PatientAccess.IdentifierLookup} {LookupPurpose.NewReferral}",
            $"{PatientAccess.IdentifierLookup} {LookupPurpose.FollowUp}",
            $"{PersonLookups.EligibilityResource} {LookupPurpose.NewReferral}",
        ]);
    }

    [Fact]
    public async Task An_unknown_purpose_in_the_claim_is_a_400_and_without_header_or_claim_it_stays_a_400()
    {
        var fnr = TestData.NewNationalId();

        var unknown = await WithToken("nysgjerrighet").GetFhirAsync($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}");
        var neither = await WithToken(null).GetFhirAsync($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}");
        var restUnknown = await WithToken("nysgjerrighet").PostAsJsonAsync("/api/eligibility/check", new { nationalId = fnr });

        (await unknown.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, LookupPurpose.Header)).Codes().ShouldBe(["fhir.purpose-of-use.unknown"]);
        (await neither.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, LookupPurpose.Header)).Codes().ShouldBe(["fhir.purpose-of-use.required"]);
        (await restUnknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("purpose")[0].GetProperty("code").GetString().ShouldBe("one-of");
    }

    /// <summary>Posts «Sjekk rett til statlig refusjon» on the referral form as the persona, and returns the page.</summary>
    private async Task<string> CheckOnTheFormAsync(string persona, string fnr)
    {
        var browser = app.Browser();
        await browser.SignInAsync(persona);
        var token = await browser.FormTokenAsync("/henvisninger/ny");
        var response = await browser.PostAsync("/henvisninger/ny", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "issue",
            ["mode"] = "check",
            ["participant.nationalId"] = fnr,
            ["startDate"] = TestData.Today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["durationWeeks"] = "12",
            ["funding"] = "StateReimbursed",
        }));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return html;
    }

    /// <summary>The physiotherapist through an EHR whose token carries the purpose claim (null: none), and no header.</summary>
    private HttpClient WithToken(string? purpose)
    {
        var client = app.CreateClient();
        var token = DevTokens.Mint(
            app.Services.GetConfigurationValue("Auth:DevelopmentSigningKey"), "aktivresept", Roles.Referrer, DemoIdentities.PhysiotherapistHpr, DemoIdentities.PhysioOrg,
            null, null, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, purpose is null ? null : [new System.Security.Claims.Claim(LookupPurpose.DefaultClaim, purpose)]);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<List<Features.SecurityAlerts.SecurityAlertView>> AlertsOfAsync(string hpr)
    {
        var page = await app.ClientAs(Roles.SecurityOfficer).GetFromJsonAsync<AlertPage>("/api/security/alerts", Json.Options);
        return [.. page!.Items.Where(a => a.Hpr == hpr)];
    }

    private sealed record LogPage(List<AccessLogEntry> Items, int Page, int PageSize, int Total);

    private sealed record AlertPage(List<Features.SecurityAlerts.SecurityAlertView> Items, int Page, int PageSize, int Total);
}
