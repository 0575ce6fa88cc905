using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.People;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Issue 20, item 7: a referrer is an HPR number acting for an organisation, as HelseID issues them. The same HPR at
/// another organisation sees none of the first one's prescriptions (404 like an unknown id, absent from lists and
/// searches) unless the patient's care relationship is now with them there. The organisation numbers below are
/// synthetic (valid mod-11, unused by the demo).
/// </summary>
public sealed class ReferrerScopeTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string NewPracticeOrg = DemoIdentities.GpSecondPracticeOrg;
    private const string ThirdPracticeOrg = "991001514";

    [Fact]
    public async Task The_same_hpr_at_another_organisation_gets_404_and_finds_nothing_while_the_issuing_organisation_still_does()
    {
        var gp = app.AsGp();
        var (id, patient) = await IssueAsync(gp);
        var elsewhere = app.ClientAs(Roles.Referrer, DemoIdentities.GpHpr, NewPracticeOrg);
        var ehrElsewhere = app.ClientAs(Roles.Ehr, DemoIdentities.GpHpr, NewPracticeOrg);

        foreach (var client in new[] { elsewhere, ehrElsewhere })
        {
            (await client.GetAsync($"/api/prescriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await ListAsync(client)).ShouldNotContain(id);
            (await client.GetFhirAsync($"/fhir/ServiceRequest/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetFhirAsync($"/fhir/Task/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetFhirAsync($"/fhir/Patient/{patient}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}")).Total.ShouldBe(0);
            (await client.GetFhirAsync<Bundle>($"/fhir/Task?focus=ServiceRequest/{id}")).Total.ShouldBe(0);
            (await client.PostAsJsonAsync($"/api/prescriptions/{id}/cancel", new { reason = "not mine" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        // Unknown and not-yours answer alike.
        var unknown = await (await elsewhere.GetAsync($"/api/prescriptions/{Guid.CreateVersion7()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var notYours = await (await elsewhere.GetAsync($"/api/prescriptions/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        notYours.GetProperty("code").GetString().ShouldBe(unknown.GetProperty("code").GetString());

        (await gp.GetAsync($"/api/prescriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ListAsync(gp)).ShouldContain(id);
        (await gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}")).Id.ShouldBe(id.ToString());
        (await gp.GetFhirAsync<Patient>($"/fhir/Patient/{patient}")).Id.ShouldBe(patient.ToString());
        (await app.ClientAs(Roles.Ehr, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg).GetAsync($"/api/prescriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_referrer_at_a_new_practice_sees_earlier_prescriptions_only_of_patients_whose_care_relationship_moved_along()
    {
        var gp = app.AsGp();
        var (movedAlong, movedPatient) = await IssueAsync(gp);
        var (stayed, _) = await IssueAsync(gp);
        await app.QueryAsync(async db =>
        {
            db.CareRelationships.Add(new CareRelationship { PersonId = movedPatient, Hpr = DemoIdentities.GpHpr, OrganisationNumber = NewPracticeOrg, Since = app.Clock.GetUtcNow() });
            return await db.SaveChangesAsync();
        });
        var newPractice = app.ClientAs(Roles.Referrer, DemoIdentities.GpHpr, NewPracticeOrg);
        var third = app.ClientAs(Roles.Referrer, DemoIdentities.GpHpr, ThirdPracticeOrg);
        var otherGp = app.ClientAs(Roles.Referrer, DemoIdentities.PhysiotherapistHpr, NewPracticeOrg);

        (await newPractice.GetAsync($"/api/prescriptions/{movedAlong}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await newPractice.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{movedAlong}")).Id.ShouldBe(movedAlong.ToString());
        (await newPractice.GetAsync($"/api/prescriptions/{stayed}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var listed = await ListAsync(newPractice);
        listed.ShouldContain(movedAlong);
        listed.ShouldNotContain(stayed);

        // The relationship names this HPR at that practice: another practice of the same HPR, or another HPR at the
        // practice, gains nothing; the practice that issued keeps what it issued.
        (await third.GetAsync($"/api/prescriptions/{movedAlong}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherGp.GetAsync($"/api/prescriptions/{movedAlong}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await gp.GetAsync($"/api/prescriptions/{movedAlong}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Once the new practice has issued prescriptions of its own (its referrer record exists), the rule is the same.
        var (own, _) = await IssueAsync(newPractice);
        listed = await ListAsync(newPractice);
        listed.ShouldContain(own);
        listed.ShouldContain(movedAlong);
        listed.ShouldNotContain(stayed);
        (await gp.GetAsync($"/api/prescriptions/{own}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_web_page_of_a_prescription_is_not_found_for_the_same_hpr_signed_in_at_another_organisation()
    {
        var (id, _) = await IssueAsync(app.AsGp());

        var elsewhere = await SignedInAsync("gp-legevakt");
        var page = await elsewhere.GetAsync($"/henvisninger/{id}");
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var unknown = await elsewhere.GetAsync($"/henvisninger/{Guid.CreateVersion7()}");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.Content.ReadAsStringAsync()).ShouldBe(await unknown.Content.ReadAsStringAsync());
        (await (await elsewhere.GetAsync("/henvisninger")).Content.ReadAsStringAsync()).ShouldNotContain(id.ToString());

        var issuer = await SignedInAsync("gp");
        (await issuer.GetAsync($"/henvisninger/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_with_an_hpr_but_no_organisation_is_no_referrer_it_cannot_issue_and_sees_nothing()
    {
        var (id, patient) = await IssueAsync(app.AsGp());
        var orgless = app.ClientAs(Roles.Referrer, DemoIdentities.GpHpr);

        var issue = await orgless.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId()));

        var problem = await issue.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("code").GetString().ShouldBe("forbidden.organisation-required");
        (await orgless.GetAsync($"/api/prescriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ListAsync(orgless)).ShouldBeEmpty();
        (await orgless.GetFhirAsync($"/fhir/Patient/{patient}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await orgless.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(patient.ToString())))).ShouldBeOutcomeAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void One_person_acting_for_two_organisations_is_two_actors()
    {
        // HelseID keeps the subject across organisations; what one practice did (lookups, registrations) is not another's.
        static string SubjectAt(string role, string org) => CurrentUser.From(
            new ClaimsPrincipal(new ClaimsIdentity(
                [new(ClaimNames.Subject, "helseid-subject"), new(ClaimNames.Role, role), new(ClaimNames.Hpr, DemoIdentities.GpHpr), new(ClaimNames.Organisation, org)],
                "test")),
            allowTestIdentities: true)!.Subject;

        SubjectAt(Roles.Referrer, DemoIdentities.GpOfficeOrg).ShouldNotBe(SubjectAt(Roles.Referrer, NewPracticeOrg));
        SubjectAt(Roles.Ehr, DemoIdentities.GpOfficeOrg).ShouldNotBe(SubjectAt(Roles.Ehr, NewPracticeOrg));
    }

    /// <summary>A browser-like client signed in through the development persona form (with its antiforgery token).</summary>
    private async Task<HttpClient> SignedInAsync(string persona)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var form = await client.GetStringAsync("/logg-inn");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        token.ShouldNotBeEmpty();
        using var post = new FormUrlEncodedContent([new("persona", persona), new("returnUrl", "/henvisninger"), new("__RequestVerificationToken", token)]);
        (await client.PostAsync("/konto/logg-inn", post)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    private async Task<(Guid Id, Guid Patient)> IssueAsync(HttpClient referrer)
    {
        var id = await referrer.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        var patient = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.ParticipantId).SingleAsync());
        return (id, patient);
    }

    private static async Task<List<Guid>> ListAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/prescriptions?pageSize=200");
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }
}
