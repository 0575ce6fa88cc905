using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Inbox;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using AktivResept.Testing;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>A referral may leave the dose to the trainer's initial assessment (issue 18); sessions wait for it.</summary>
public sealed class DoseAtAssessmentTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();
    private readonly HttpClient _gym = app.AsOsloGym();

    [Fact]
    public async Task Sessions_are_refused_until_the_trainer_sets_the_dose_and_the_referrer_is_told_the_dose()
    {
        var id = await IssueWithoutDoseAsync();
        (await ViewAsync(id)).DoseToBeSet.ShouldBeTrue();
        await SendAndAcceptAsync(id, dose: null);
        var trainer = app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr);
        var session = new { type = "pt-session", occurredAt = app.Clock.GetUtcNow().AddHours(-1), attended = true };

        var early = await trainer.PostAsJsonAsync($"/api/prescriptions/{id}/sessions", session);

        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("prescription.dose-not-set");

        var start = await _gym.PostEmptyAsync($"/api/prescriptions/{id}/start");
        start.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("prescription.dose-not-set");

        var set = await trainer.PostAsJsonAsync($"/api/prescriptions/{id}/dose", new { sessionsPerWeek = 3, minutesPerSession = 45 });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var view = await ViewAsync(id);
        view.DoseToBeSet.ShouldBeFalse();
        (view.SessionsPerWeek, view.MinutesPerSession).ShouldBe((3, 45));
        (await trainer.PostAsJsonAsync($"/api/prescriptions/{id}/sessions", session)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await app.FanOutAsync();
        var inbox = await _gp.GetFromJsonAsync<InboxPage>("/api/inbox?pageSize=200", Json.Options);
        var told = inbox!.Items.Where(i => i.PrescriptionId == id && i.Type == PrescriptionEventType.DoseSet).ShouldHaveSingleItem();
        told.Data.GetProperty("sessionsPerWeek").GetInt32().ShouldBe(3);
        told.Data.GetProperty("minutesPerSession").GetInt32().ShouldBe(45);

        var again = await trainer.PostAsJsonAsync($"/api/prescriptions/{id}/dose", new { sessionsPerWeek = 2, minutesPerSession = 30 });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("prescription.dose-already-set");
    }

    [Fact]
    public async Task Accepting_can_set_the_dose_at_once()
    {
        var id = await IssueWithoutDoseAsync();

        await SendAndAcceptAsync(id, dose: (2, 60));

        var view = await ViewAsync(id);
        view.DoseToBeSet.ShouldBeFalse();
        (view.SessionsPerWeek, view.MinutesPerSession).ShouldBe((2, 60));
    }

    [Fact]
    public async Task A_dose_out_of_range_is_400_naming_the_field_and_sets_nothing()
    {
        var id = await IssueWithoutDoseAsync();
        await SendAndAcceptAsync(id, dose: null);

        var response = await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/dose", new { sessionsPerWeek = 9, minutesPerSession = 45 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("sessionsPerWeek")[0].GetProperty("code").GetString().ShouldBe("between");
        (await ViewAsync(id)).DoseToBeSet.ShouldBeTrue();
    }

    [Fact]
    public async Task Only_the_provider_side_sets_the_dose_and_others_see_nothing()
    {
        var id = await IssueWithoutDoseAsync();
        await SendAndAcceptAsync(id, dose: null);
        var body = new { sessionsPerWeek = 2, minutesPerSession = 45 };

        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/dose", body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AsBergenGym().PostAsJsonAsync($"/api/prescriptions/{id}/dose", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ViewAsync(id)).DoseToBeSet.ShouldBeTrue();
    }

    [Fact]
    public async Task A_dose_given_when_the_referrer_set_one_is_refused()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));

        var response = await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var per = await app.Services.TrainerIdAsync(DemoIdentities.TrainerAktivInstruktorFnr);
        var accept = await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = per, sessionsPerWeek = 3, minutesPerSession = 30 });

        accept.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await accept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("prescription.dose-already-set");
    }

    private async Task<Guid> IssueWithoutDoseAsync()
    {
        // Starting today, so a session an hour ago falls inside the period.
        var request = TestData.IssueRequest(TestData.NewNationalId(), start: TestData.Today);
        request.Remove("sessionsPerWeek");
        request.Remove("minutesPerSession");
        request["doseAtAssessment"] = true;
        return await _gp.IssueAsync(request);
    }

    private async Task SendAndAcceptAsync(Guid id, (int Sessions, int Minutes)? dose)
    {
        var sent = await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId });
        sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        var per = await app.Services.TrainerIdAsync(DemoIdentities.TrainerAktivInstruktorFnr);
        var accepted = await _gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = per, sessionsPerWeek = dose?.Sessions, minutesPerSession = dose?.Minutes });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
    }

    private async Task<PrescriptionView> ViewAsync(Guid id) =>
        (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options))!;
}
