using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.NeedToKnow;

/// <summary>
/// Issue 21: a look-up by national id gives a time-limited care relationship (a table, never the audit log); a
/// prescription makes it last until the prescription ends plus the after-care period; then 404 like any not-yours.
/// </summary>
public sealed class CareRelationshipTests(NeedToKnowApp app) : IClassFixture<NeedToKnowApp>
{
    private readonly HttpClient _gp = app.AsGp();
    private readonly HttpClient _physio = app.AsPhysiotherapist();

    [Fact]
    public async Task A_lookup_without_a_following_prescription_expires_and_the_patient_is_then_not_found()
    {
        var (fnr, patient) = await APatientRegisteredByTheGpAsync();
        await (await _physio.GetFhirAsync($"/fhir/Patient/{patient}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);

        (await _physio.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}")).Total.ShouldBe(1);
        (await _physio.GetFhirAsync<Patient>($"/fhir/Patient/{patient}")).Id.ShouldBe(patient);

        app.Clock.Advance(TimeSpan.FromHours(NeedToKnowApp.LookupRelationshipHours) - TimeSpan.FromMinutes(1));
        (await _physio.GetFhirAsync<Patient>($"/fhir/Patient/{patient}")).Id.ShouldBe(patient);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await (await _physio.GetFhirAsync($"/fhir/Patient/{patient}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        var relationship = await app.QueryAsync(db => db.PatientRelationships.SingleAsync(r => r.PersonId == Guid.Parse(patient) && r.Hpr == DemoIdentities.PhysiotherapistHpr));
        relationship.Purpose.ShouldBe(LookupPurpose.FollowUp);
        relationship.Source.ShouldBe(RelationshipSource.Lookup);
    }

    [Fact]
    public async Task A_lookup_followed_by_a_prescription_lasts_until_the_after_care_period_ends()
    {
        var (fnr, patient) = await APatientRegisteredByTheGpAsync();
        (await _physio.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}")).Total.ShouldBe(1);
        var prescription = await _physio.IssueAsync(TestData.IssueRequest(fnr));

        app.Clock.Advance(TimeSpan.FromHours(NeedToKnowApp.LookupRelationshipHours * 10));
        (await _physio.GetFhirAsync<Patient>($"/fhir/Patient/{patient}")).Id.ShouldBe(patient);

        (await _physio.PostAsJsonAsync($"/api/prescriptions/{prescription}/cancel", new { reason = "Pasienten ønsker det ikke" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromDays(NeedToKnowApp.AfterCareDays) - TimeSpan.FromMinutes(1));
        (await _physio.GetFhirAsync<Patient>($"/fhir/Patient/{patient}")).Id.ShouldBe(patient);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await (await _physio.GetFhirAsync($"/fhir/Patient/{patient}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);

        // The history stays in the audit log, visible to the person.
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.SubjectPersonId == Guid.Parse(patient) && a.ActorHpr == DemoIdentities.PhysiotherapistHpr))).ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task Purging_the_audit_log_changes_no_ones_access()
    {
        var (fnr, patient) = await APatientRegisteredByTheGpAsync();
        (await _physio.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}")).Total.ShouldBe(1);
        var personId = Guid.Parse(patient);

        // As the database owner: every audit row about the person goes, and a forged look-up row for a third referrer appears.
        await app.QueryAsync(db => db.AuditRecords.Where(a => a.SubjectPersonId == personId).ExecuteDeleteAsync());
        await app.QueryAsync(async db =>
        {
            db.AuditRecords.Add(new AuditRecord
            {
                At = app.Clock.GetUtcNow(),
                Actor = "forged",
                Role = "referrer",
                Organisation = DemoIdentities.NavOrg,
                ActorHpr = DemoIdentities.NavCounsellorHpr,
                SubjectPersonId = personId,
                Resource = PatientAccess.IdentifierLookup,
                Action = AuditAction.Search,
                Purpose = LookupPurpose.FollowUp,
                Outcome = AuditOutcome.Success,
            });
            return await db.SaveChangesAsync();
        });

        (await _gp.GetFhirAsync<Patient>($"/fhir/Patient/{patient}")).Id.ShouldBe(patient);
        (await _physio.GetFhirAsync<Patient>($"/fhir/Patient/{patient}")).Id.ShouldBe(patient);
        var nav = app.ClientAs(Common.Auth.Roles.Referrer, DemoIdentities.NavCounsellorHpr, DemoIdentities.NavOrg);
        await (await nav.GetFhirAsync($"/fhir/Patient/{patient}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_eligibility_check_names_the_benefit_only_to_a_referrer_with_a_relationship()
    {
        var (fnr, _) = await APatientRegisteredByTheGpAsync();
        await app.GiveBenefitAsync(fnr, Domain.Eligibility.BenefitKind.WorkAssessmentAllowance, TestData.Today.AddYears(-1), TestData.Today.AddYears(1));
        var request = new { nationalId = fnr, purpose = LookupPurpose.NewReferral, startDate = TestData.Today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };

        var physioRelationships = await app.QueryAsync(db => db.PatientRelationships.CountAsync(r => r.Hpr == DemoIdentities.PhysiotherapistHpr));

        var related = await (await _gp.PostAsJsonAsync("/api/eligibility/check", request)).Content.ReadFromJsonAsync<EligibilityAnswer>();
        var unrelated = await (await _physio.PostAsJsonAsync("/api/eligibility/check", request)).Content.ReadFromJsonAsync<EligibilityAnswer>();

        related.ShouldNotBeNull().IsEligible.ShouldBeTrue();
        related.Benefit.ShouldBe("WorkAssessmentAllowance");
        related.CoveredUntil.ShouldNotBeNull();
        unrelated.ShouldBe(related with { Benefit = null });
        (await app.AsOsloGym().PostAsJsonAsync("/api/eligibility/check", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The check only asks: it gives no relationship of its own.
        (await app.QueryAsync(db => db.PatientRelationships.CountAsync(r => r.Hpr == DemoIdentities.PhysiotherapistHpr))).ShouldBe(physioRelationships);
    }

    private async Task<(string Fnr, string Patient)> APatientRegisteredByTheGpAsync()
    {
        var fnr = TestData.NewNationalId();
        return (fnr, await _gp.CreatePatientAsync(fnr));
    }

    private sealed record EligibilityAnswer(bool IsEligible, string? Benefit, DateOnly? CoveredUntil);
}
