using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Security;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>
/// A draft can be edited until it is issued, with the same checks as creating one, and shows whether state
/// reimbursement covers its period before the GP issues it.
/// </summary>
public sealed class DraftEditTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task A_draft_is_edited_with_a_whole_request_and_the_edit_is_audited()
    {
        var fnr = TestData.NewNationalId();
        var draft = await _gp.IssueAsync(TestData.IssueRequest(fnr, draft: true));
        var edit = TestData.IssueRequest(fnr);
        edit["goals"] = "Gå til jobben";
        edit["durationWeeks"] = 16;
        edit["participant"] = null;

        var response = await _gp.PutAsJsonAsync($"/api/prescriptions/{draft}", edit);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var view = (await response.Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!;
        view.Status.ShouldBe(PrescriptionStatus.Draft);
        view.Goals.ShouldBe("Gå til jobben");
        view.DurationWeeks.ShouldBe(16);
        (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{draft}", Json.Options))!.Goals.ShouldBe("Gå til jobben");
        var person = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == draft).Select(p => p.ParticipantId).FirstAsync());
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{draft}" && a.Action == "update:revise" && a.SubjectPersonId == person))).ShouldBe(1);
    }

    [Fact]
    public async Task An_edit_with_bad_fields_names_each_field_and_changes_nothing()
    {
        var fnr = TestData.NewNationalId();
        var draft = await _gp.IssueAsync(TestData.IssueRequest(fnr, draft: true));
        var edit = TestData.IssueRequest(fnr);
        edit["goals"] = " ";
        edit["sessionsPerWeek"] = 99;

        var problem = await (await _gp.PutAsJsonAsync($"/api/prescriptions/{draft}", edit)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        errors.GetProperty("goals")[0].GetProperty("code").GetString().ShouldBe("required");
        errors.GetProperty("sessionsPerWeek")[0].GetProperty("code").GetString().ShouldBe("between");
        (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{draft}", Json.Options))!.Goals.ShouldBe("Gå tur uten smerter");
    }

    [Fact]
    public async Task A_draft_keeps_its_person_and_another_persons_id_is_refused_by_field()
    {
        var draft = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), draft: true));

        var problem = await (await _gp.PutAsJsonAsync($"/api/prescriptions/{draft}", TestData.IssueRequest(TestData.NewNationalId()))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("participant.nationalId")[0].GetProperty("code").GetString().ShouldBe("prescription.draft-participant-fixed");
    }

    [Fact]
    public async Task Only_a_draft_can_be_edited_and_only_by_its_referrer()
    {
        var fnr = TestData.NewNationalId();
        var issued = await _gp.IssueAsync(TestData.IssueRequest(fnr));
        var draft = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), draft: true));

        var conflict = await (await _gp.PutAsJsonAsync($"/api/prescriptions/{issued}", TestData.IssueRequest(fnr))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        conflict.GetProperty("code").GetString().ShouldBe("prescription.only-draft-can-be-edited");

        (await app.AsPhysiotherapist().PutAsJsonAsync($"/api/prescriptions/{draft}", TestData.IssueRequest(fnr))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _gp.PutAsJsonAsync($"/api/prescriptions/{Guid.CreateVersion7()}", TestData.IssueRequest(fnr))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsOsloGym().PutAsJsonAsync($"/api/prescriptions/{draft}", TestData.IssueRequest(fnr))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_draft_shows_cover_for_the_whole_period_until_a_date_or_none()
    {
        var start = TestData.Today.AddDays(7);
        var whole = TestData.NewNationalId();
        await app.GiveBenefitAsync(whole, BenefitKind.SicknessBenefit, TestData.Today.AddDays(-30), null);
        var partly = TestData.NewNationalId();
        var ends = start.AddDays(40);
        await app.GiveBenefitAsync(partly, BenefitKind.DisabilityBenefit, TestData.Today.AddDays(-30), ends);
        var none = TestData.NewNationalId();

        var wholeCover = await EligibilityOfDraftAsync(whole, start);
        wholeCover.GetProperty("isEligible").GetBoolean().ShouldBeTrue();
        wholeCover.GetProperty("coversWholePeriod").GetBoolean().ShouldBeTrue();

        var partCover = await EligibilityOfDraftAsync(partly, start);
        partCover.GetProperty("isEligible").GetBoolean().ShouldBeTrue();
        partCover.GetProperty("coversWholePeriod").GetBoolean().ShouldBeFalse();
        partCover.GetProperty("coveredUntil").GetString().ShouldBe(ends.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        var noCover = await EligibilityOfDraftAsync(none, start);
        noCover.GetProperty("isEligible").GetBoolean().ShouldBeFalse();
        noCover.GetProperty("reason").GetProperty("code").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_drafts_eligibility_is_the_referrers_alone_and_every_look_up_is_audited()
    {
        var fnr = TestData.NewNationalId();
        var draft = await _gp.IssueAsync(TestData.IssueRequest(fnr, "StateReimbursed", draft: true));
        var person = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == draft).Select(p => p.ParticipantId).FirstAsync());

        (await _gp.GetAsync($"/api/prescriptions/{draft}/eligibility")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.AsPhysiotherapist().GetAsync($"/api/prescriptions/{draft}/eligibility")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == "Eligibility" && a.Action == "read" && a.SubjectPersonId == person))).ShouldBe(1);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{draft}/eligibility" && a.Outcome == AktivResept.Server.Common.Audit.AuditOutcome.Denied))).ShouldBe(1);
    }

    [Fact]
    public async Task An_edited_state_reimbursed_draft_is_issued_with_the_cover_it_was_shown()
    {
        var fnr = TestData.NewNationalId();
        var start = TestData.Today.AddDays(7);
        var ends = start.AddDays(30);
        await app.GiveBenefitAsync(fnr, BenefitKind.WorkAssessmentAllowance, TestData.Today.AddDays(-30), ends);
        var draft = await _gp.IssueAsync(TestData.IssueRequest(fnr, "SelfPaid", draft: true));

        var edit = TestData.IssueRequest(fnr, "StateReimbursed");
        (await _gp.PutAsJsonAsync($"/api/prescriptions/{draft}", edit)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var shown = await (await _gp.GetAsync($"/api/prescriptions/{draft}/eligibility")).Content.ReadFromJsonAsync<EligibilityCheckResponse>(Json.Options);
        var issued = await (await _gp.PostAsJsonAsync($"/api/prescriptions/{draft}/issue", new { acknowledgePartialCover = true })).Content.ReadFromJsonAsync<PrescriptionView>(Json.Options);

        shown!.CoveredUntil.ShouldBe(ends);
        issued!.Status.ShouldBe(PrescriptionStatus.Issued);
        issued.Eligibility!.CoveredUntil.ShouldBe(shown.CoveredUntil);
        issued.Eligibility.CoversWholePeriod.ShouldBe(shown.CoversWholePeriod);
    }

    [Fact]
    public async Task An_employers_funding_organisation_is_shown_kept_and_changed_by_an_edit()
    {
        var fnr = TestData.NewNationalId();
        var create = TestData.IssueRequest(fnr, "EmployerPaid", draft: true);
        create["fundingOrganisation"] = DemoEmployer;
        var draft = await _gp.IssueAsync(create);
        var shown = (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{draft}", Json.Options))!;
        shown.FundingOrganisation.ShouldBe(DemoEmployer);

        // A client that edits what it read sends the employer back, and it stays.
        var edit = TestData.IssueRequest(fnr, "EmployerPaid");
        edit["participant"] = null;
        edit["goals"] = "Sykle til jobben";
        edit["fundingOrganisation"] = shown.FundingOrganisation;
        var kept = await _gp.PutAsJsonAsync($"/api/prescriptions/{draft}", edit);
        kept.StatusCode.ShouldBe(HttpStatusCode.OK, await kept.Content.ReadAsStringAsync());
        (await kept.Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!.FundingOrganisation.ShouldBe(DemoEmployer);

        edit["fundingOrganisation"] = OtherEmployer;
        (await _gp.PutAsJsonAsync($"/api/prescriptions/{draft}", edit)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == draft).Select(p => p.FundingOrganisation).FirstAsync())).ShouldBe(OtherEmployer);
        (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{draft}", Json.Options))!.Goals.ShouldBe("Sykle til jobben");
    }

    [Fact]
    public async Task The_draft_edit_page_shows_and_saves_the_employers_funding_organisation()
    {
        var fnr = TestData.NewNationalId();
        var create = TestData.IssueRequest(fnr, "EmployerPaid", draft: true);
        create["fundingOrganisation"] = DemoEmployer;
        var draft = await _gp.IssueAsync(create);
        var web = app.Browser();
        await web.SignInAsync("gp");

        var page = await web.GetStringAsync($"/henvisninger/{draft}/endre");

        page.ShouldContain($"name=\"fundingOrganisation\"");
        page.ShouldContain($"value=\"{DemoEmployer}\"");
    }

    private const string DemoEmployer = AktivResept.Server.Features.Demo.DemoIdentities.EmployerOrg;

    private const string OtherEmployer = "974760673";

    private async Task<JsonElement> EligibilityOfDraftAsync(string fnr, DateOnly start)
    {
        var draft = await _gp.IssueAsync(TestData.IssueRequest(fnr, "StateReimbursed", start, draft: true));
        var response = await _gp.GetAsync($"/api/prescriptions/{draft}/eligibility");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
