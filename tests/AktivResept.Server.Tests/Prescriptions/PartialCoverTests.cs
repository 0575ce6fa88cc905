using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>
/// Issue 23 item 3: when state reimbursement ends inside the period, issuing needs the referrer's confirmation that they
/// saw it (REST refuses without, naming <c>acknowledgePartialCover</c>); an EHR through FHIR gets a warning instead.
/// </summary>
public sealed class PartialCoverTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task Issuing_when_the_benefit_ends_inside_the_period_is_refused_until_the_referrer_acknowledges_it()
    {
        var fnr = TestData.NewNationalId();
        var start = TestData.Today.AddDays(7);
        var ends = start.AddDays(30);
        await app.GiveBenefitAsync(fnr, BenefitKind.DisabilityBenefit, TestData.Today.AddDays(-30), ends);
        var request = TestData.IssueRequest(fnr, "StateReimbursed", start);

        var problem = await (await _gp.PostAsJsonAsync("/api/prescriptions", request)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("prescription.partial-cover-not-acknowledged");
        problem.GetProperty("field").GetString().ShouldBe("acknowledgePartialCover");
        problem.GetProperty("detail").GetString()!.ShouldContain(ends.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        (await PrescriptionsOfAsync(fnr)).ShouldBe(0);

        request["acknowledgePartialCover"] = true;
        var id = await _gp.IssueAsync(request);

        var view = (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options))!;
        view.Status.ShouldBe(PrescriptionStatus.Issued);
        view.Eligibility!.CoveredUntil.ShouldBe(ends);
        view.Eligibility.CoversWholePeriod.ShouldBeFalse();
    }

    [Fact]
    public async Task Whole_cover_and_drafts_need_no_acknowledgement()
    {
        var whole = TestData.NewNationalId();
        await app.GiveBenefitAsync(whole, BenefitKind.SicknessBenefit, TestData.Today.AddDays(-30), null);
        var partly = TestData.NewNationalId();
        await app.GiveBenefitAsync(partly, BenefitKind.SicknessBenefit, TestData.Today.AddDays(-30), TestData.Today.AddDays(20));

        await _gp.IssueAsync(TestData.IssueRequest(whole, "StateReimbursed"));
        await _gp.IssueAsync(TestData.IssueRequest(partly, "StateReimbursed", draft: true));
    }

    [Fact]
    public async Task A_draft_whose_cover_ends_inside_the_period_is_issued_only_with_the_acknowledgement()
    {
        var fnr = TestData.NewNationalId();
        var ends = TestData.Today.AddDays(40);
        await app.GiveBenefitAsync(fnr, BenefitKind.WorkAssessmentAllowance, TestData.Today.AddDays(-30), ends);
        var draft = await _gp.IssueAsync(TestData.IssueRequest(fnr, "StateReimbursed", draft: true));

        var empty = await (await _gp.PostAsync($"/api/prescriptions/{draft}/issue", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var unticked = await (await _gp.PostAsJsonAsync($"/api/prescriptions/{draft}/issue", new { acknowledgePartialCover = false })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        empty.GetProperty("field").GetString().ShouldBe("acknowledgePartialCover");
        unticked.GetProperty("code").GetString().ShouldBe("prescription.partial-cover-not-acknowledged");
        (await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == draft).Select(p => p.Status).FirstAsync())).ShouldBe(PrescriptionStatus.Draft);

        var issued = await _gp.PostAsJsonAsync($"/api/prescriptions/{draft}/issue", new { acknowledgePartialCover = true });

        issued.StatusCode.ShouldBe(HttpStatusCode.OK, await issued.Content.ReadAsStringAsync());
        var view = (await issued.Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!;
        view.Status.ShouldBe(PrescriptionStatus.Issued);
        view.Eligibility!.CoveredUntil.ShouldBe(ends);
    }

    [Fact]
    public async Task A_draft_with_whole_cover_is_still_issued_with_an_empty_body()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.SicknessBenefit, TestData.Today.AddDays(-30), null);
        var draft = await _gp.IssueAsync(TestData.IssueRequest(fnr, "StateReimbursed", draft: true));

        var issued = await _gp.PostAsync($"/api/prescriptions/{draft}/issue", null);

        issued.StatusCode.ShouldBe(HttpStatusCode.OK, await issued.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_EHR_referral_through_FHIR_is_issued_with_the_partial_cover_as_a_warning()
    {
        var fnr = TestData.NewNationalId();
        var ends = TestData.Today.AddDays(30);
        await app.GiveBenefitAsync(fnr, BenefitKind.UnemploymentBenefit, TestData.Today.AddDays(-30), ends);
        var patient = await _gp.CreatePatientAsync(fnr);

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(patient), funding: "StateReimbursed"));

        var created = await response.ReadFhirAsync<ServiceRequest>(HttpStatusCode.Created);
        var outcome = created.Contained.OfType<OperationOutcome>().ShouldHaveSingleItem();
        outcome.Codes().ShouldContain("fhir.partial-cover");
        outcome.Issue.Single(i => i.Details?.Coding.Any(c => c.Code == "fhir.partial-cover") == true).Severity.ShouldBe(OperationOutcome.IssueSeverity.Warning);
        var view = (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{created.Id}", Json.Options))!;
        view.Status.ShouldBe(PrescriptionStatus.Issued);
        view.Eligibility!.CoveredUntil.ShouldBe(ends);
    }

    /// <summary>Prescriptions of the person with this national id (none if they were never registered).</summary>
    private async Task<int> PrescriptionsOfAsync(string fnr)
    {
        using var scope = app.Services.CreateScope();
        var hash = scope.ServiceProvider.GetRequiredService<AktivResept.Server.Common.Security.NationalIdLookupHash>().Of(fnr);
        return await app.QueryAsync(db => db.Prescriptions.CountAsync(p => db.People.Any(x => x.Id == p.ParticipantId && x.NationalIdHash == hash)));
    }
}
