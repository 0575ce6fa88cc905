using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Prescriptions;

public sealed class LifecycleTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();
    private readonly HttpClient _gym = app.AsOsloGym();

    [Fact]
    public async Task The_full_happy_path_records_every_step_with_actor_and_time()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), start: TestData.Today));
        await SendToOsloAsync(id);
        var trainer = await QualifiedTrainerAsync(id);

        (await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainer })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _gym.PostEmptyAsync($"/api/prescriptions/{id}/start")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var completed = await _gym.PostEmptyAsync($"/api/prescriptions/{id}/complete");
        completed.StatusCode.ShouldBe(HttpStatusCode.OK);

        var view = await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options);
        view!.Status.ShouldBe(PrescriptionStatus.Completed);
        view.History.Select(h => h.To).ShouldBe([PrescriptionStatus.Draft, PrescriptionStatus.Issued, PrescriptionStatus.Accepted, PrescriptionStatus.Active, PrescriptionStatus.Completed]);
        view.History.Skip(2).ShouldAllBe(h => h.ActorRole == "provider-admin");
        view.Trainer!.Id.ShouldBe(trainer);
    }

    [Fact]
    public async Task A_draft_can_be_issued_later_or_cancelled()
    {
        var draft = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), draft: true));
        (await StatusOf(draft)).ShouldBe(PrescriptionStatus.Draft);
        (await _gp.PostEmptyAsync($"/api/prescriptions/{draft}/issue")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusOf(draft)).ShouldBe(PrescriptionStatus.Issued);

        var other = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), draft: true));
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{other}/cancel", new { reason = "Feil pasient" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusOf(other)).ShouldBe(PrescriptionStatus.Cancelled);
    }

    [Fact]
    public async Task Starting_training_before_the_period_begins_is_refused_with_a_stable_code_and_nothing_changes()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), start: TestData.Today.AddDays(7)));
        await SendToOsloAsync(id);
        (await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = await QualifiedTrainerAsync(id) })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await _gym.PostEmptyAsync($"/api/prescriptions/{id}/start");

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("prescription.period-not-started");
        problem.GetProperty("args").GetProperty("start").GetString().ShouldBe(TestData.Today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Accepted);
    }

    [Fact]
    public async Task Provider_can_reject_with_a_reason_but_not_without()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await SendToOsloAsync(id);

        var noReason = await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/reject", new { reason = "" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var missing = (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reason")[0];
        missing.GetProperty("code").GetString().ShouldBe("prescription.reason-required");
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Issued);

        (await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/reject", new { reason = "Fullt" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var view = await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options);
        view!.Status.ShouldBe(PrescriptionStatus.Rejected);
        view.History[^1].Reason.ShouldBe("Fullt");
    }

    [Fact]
    public async Task Cancelling_an_active_prescription_is_allowed_and_terminal_states_refuse_everything()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), start: TestData.Today));
        await SendToOsloAsync(id);
        await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = await QualifiedTrainerAsync(id) });
        await _gym.PostEmptyAsync($"/api/prescriptions/{id}/start");
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/cancel", new { reason = "Innlagt" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var historyBefore = await HistoryCountAsync(id);
        foreach (var step in new[] { "start", "complete", "issue" })
        {
            var client = step == "issue" ? _gp : _gym;
            var response = await client.PostEmptyAsync($"/api/prescriptions/{id}/{step}");
            response.StatusCode.ShouldBe(HttpStatusCode.Conflict, step);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        (await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/drop-out", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await HistoryCountAsync(id)).ShouldBe(historyBefore);
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Cancelled);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("complete")]
    public async Task Steps_not_in_the_graph_from_issued_are_refused_with_409(string step)
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await SendToOsloAsync(id);
        var response = await _gym.PostEmptyAsync($"/api/prescriptions/{id}/{step}");
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Issued);
    }

    [Fact]
    public async Task An_accepted_prescription_can_drop_out_before_starting()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await SendToOsloAsync(id);
        var accepted = await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = await QualifiedTrainerAsync(id) });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var dropped = await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/drop-out", new { reason = "Flyttet" });
        dropped.StatusCode.ShouldBe(HttpStatusCode.OK, await dropped.Content.ReadAsStringAsync());
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.DroppedOut);
    }

    [Fact]
    public async Task Accepting_with_an_expired_certification_is_refused()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await SendToOsloAsync(id);
        var expiredTrainer = await app.QueryAsync(db => db.Trainers.Where(t => t.Name == "Jon Utløpt").Select(t => t.Id).SingleAsync());

        var response = await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = expiredTrainer });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("valid from");
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Issued);
        var options = await (await _gym.GetAsync($"/api/prescriptions/{id}/qualified-trainers")).Content.ReadAsStringAsync();
        options.ShouldNotContain(expiredTrainer.ToString());
    }

    [Fact]
    public async Task Accepting_needs_the_required_competence_for_the_whole_period()
    {
        // Siri's health-coach certificate ends in a year; Per is the only Aktiv-instruktør at the Oslo gym.
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), competence: "AktivInstruktor"));
        await SendToOsloAsync(id);
        var siri = await app.QueryAsync(db => db.Trainers.Where(t => t.Name == "Siri Sterk").Select(t => t.Id).SingleAsync());
        var per = await app.Services.TrainerIdAsync(DemoIdentities.TrainerAktivInstruktorFnr);

        (await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = siri })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = per })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Accepting_with_a_trainer_from_another_provider_names_the_field()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await SendToOsloAsync(id);
        var bergenTrainer = await app.QueryAsync(db => db.Trainers.Where(t => t.Name == "Ingrid Vik").Select(t => t.Id).SingleAsync());

        var response = await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = bergenTrainer });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("trainerId");
    }

    [Fact]
    public async Task A_benefit_ending_mid_way_is_eligible_and_tells_until_when()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.WorkAssessmentAllowance, TestData.Today.AddDays(-100), TestData.Today.AddDays(30));
        var request = TestData.IssueRequest(fnr, funding: "StateReimbursed");
        request["acknowledgePartialCover"] = true; // the referrer has seen the warning (PartialCoverTests)

        var id = await _gp.IssueAsync(request);

        var view = await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options);
        view!.Eligibility!.CoveredUntil.ShouldBe(TestData.Today.AddDays(30));
        view.Eligibility.CoversWholePeriod.ShouldBeFalse();
        view.Eligibility.Benefit.ShouldBe(BenefitKind.WorkAssessmentAllowance);
    }

    [Fact]
    public async Task The_gym_learns_that_a_prescription_is_state_funded_but_not_which_benefit()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.SocialAssistance, TestData.Today.AddDays(-100), null);
        var id = await _gp.IssueAsync(TestData.IssueRequest(fnr, funding: "StateReimbursed"));
        await SendToOsloAsync(id);

        var gymView = await _gym.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options);
        var referrerView = await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options);

        gymView!.Eligibility!.CoversWholePeriod.ShouldBeTrue();
        gymView.Eligibility.Benefit.ShouldBeNull();
        referrerView!.Eligibility!.Benefit.ShouldBe(BenefitKind.SocialAssistance);
    }

    [Fact]
    public async Task A_benefit_ending_before_the_start_makes_state_funding_ineligible()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.UnemploymentBenefit, TestData.Today.AddDays(-100), TestData.Today.AddDays(3));

        var response = await _gp.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(fnr, funding: "StateReimbursed", start: TestData.Today.AddDays(7)));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("funding");
        (await app.QueryAsync(db => db.Prescriptions.CountAsync(p => p.StartDate == TestData.Today.AddDays(7) && p.ReasonText == "Ryggsmerter" && p.Funding == FundingSource.StateReimbursed && p.Status == PrescriptionStatus.Issued && p.EligibleUntil == TestData.Today.AddDays(3))))
            .ShouldBe(0);
    }

    [Fact]
    public async Task Chained_benefits_cover_the_whole_period()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.SicknessBenefit, TestData.Today.AddDays(-100), TestData.Today.AddDays(20));
        await app.GiveBenefitAsync(fnr, BenefitKind.WorkAssessmentAllowance, TestData.Today.AddDays(21), null);

        var id = await _gp.IssueAsync(TestData.IssueRequest(fnr, funding: "StateReimbursed"));

        var view = await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options);
        view!.Eligibility!.CoversWholePeriod.ShouldBeTrue();
    }

    [Fact]
    public async Task A_second_open_state_reimbursed_prescription_is_refused()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.DisabilityBenefit, TestData.Today.AddYears(-1), null);
        await _gp.IssueAsync(TestData.IssueRequest(fnr, funding: "StateReimbursed"));

        var second = await app.AsPhysiotherapist().PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(fnr, funding: "StateReimbursed"));

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var selfPaid = await _gp.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(fnr, funding: "SelfPaid"));
        selfPaid.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Concurrent_state_reimbursed_issues_for_one_person_leave_exactly_one_open()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.SocialAssistance, TestData.Today.AddYears(-1), null);
        await _gp.IssueAsync(TestData.IssueRequest(fnr, funding: "SelfPaid"));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            app.AsGp().PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(fnr, funding: "StateReimbursed"))));

        attempts.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        attempts.Where(r => r.StatusCode != HttpStatusCode.Created).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_cancelled_state_reimbursed_prescription_frees_the_place()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.TransitionalBenefit, TestData.Today.AddYears(-1), null);
        var first = await _gp.IssueAsync(TestData.IssueRequest(fnr, funding: "StateReimbursed"));
        await _gp.PostAsJsonAsync($"/api/prescriptions/{first}/cancel", new { reason = "Ny plan" });

        (await _gp.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(fnr, funding: "StateReimbursed"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private async Task SendToOsloAsync(Guid id)
    {
        var location = DemoIdentities.GrunerlokkaLocationId;
        var response = await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<Guid> QualifiedTrainerAsync(Guid id)
    {
        var trainers = await _gym.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{id}/qualified-trainers", Json.Options);
        return trainers!.First().Id;
    }

    private async Task<PrescriptionStatus> StatusOf(Guid id) =>
        await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.Status).SingleAsync());

    private async Task<int> HistoryCountAsync(Guid id) =>
        await app.QueryAsync(db => db.StatusChanges.CountAsync(s => s.PrescriptionId == id));
}
