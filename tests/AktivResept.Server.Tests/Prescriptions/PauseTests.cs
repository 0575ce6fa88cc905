using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Inbox;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>The participant pauses, resumes and withdraws their own prescription (issue 14).</summary>
public sealed class PauseTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();
    private readonly HttpClient _gym = app.AsOsloGym();

    [Fact]
    public async Task A_pause_extends_the_period_is_listed_and_the_referrer_and_the_gym_are_told_without_the_reason()
    {
        var own = await app.AcceptedForParticipantAsync();
        var today = app.Today();
        var before = await ViewAsync(_gp, own.Id);

        var response = await own.PauseAsync(today.AddDays(2), today.AddDays(11), note: "Influensa");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var mine = (await response.Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!;
        mine.EndDate.ShouldBe(before.EndDate.AddDays(10));
        mine.PauseDaysLeft.ShouldBe(28 - 10);
        mine.PausedDays.ShouldBe(10);
        var pause = mine.Pauses.ShouldNotBeNull().ShouldHaveSingleItem();
        (pause.Reason, pause.FirstDay, pause.LastDay, pause.Days, pause.Note).ShouldBe((PauseReason.Illness, today.AddDays(2), today.AddDays(11), 10, "Influensa"));

        (await ViewAsync(_gp, own.Id)).Pauses!.Single().Note.ShouldBe("Influensa");
        var gymView = await ViewAsync(_gym, own.Id);
        gymView.EndDate.ShouldBe(mine.EndDate);
        gymView.Pauses!.Single().Note.ShouldBeNull();

        await app.FanOutAsync();
        foreach (var reader in new[] { _gp, _gym })
        {
            var inbox = await reader.GetFromJsonAsync<InboxPage>("/api/inbox?pageSize=200", Json.Options);
            var told = inbox!.Items.Where(i => i.PrescriptionId == own.Id && i.Type == PrescriptionEventType.Paused).ShouldHaveSingleItem();
            told.Data.GetProperty("endDate").GetString().ShouldBe(mine.EndDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            told.Data.ToString().ShouldNotContain("Influensa");
            told.Data.ToString().ShouldNotContain("Illness", Case.Insensitive);
        }
    }

    [Fact]
    public async Task Overlapping_and_over_the_limit_pauses_are_409_naming_the_limit_and_what_is_left()
    {
        var own = await app.AcceptedForParticipantAsync(maxPauseWeeksTotal: 1);
        var today = app.Today();
        (await own.PauseAsync(today, today.AddDays(4))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var overlap = await (await own.PauseAsync(today.AddDays(4), today.AddDays(5))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        overlap.GetProperty("code").GetString().ShouldBe("pause.overlaps");
        overlap.GetProperty("field").GetString().ShouldBe("firstDay");
        overlap.GetProperty("args").GetProperty("limitDays").GetInt32().ShouldBe(7);
        overlap.GetProperty("args").GetProperty("leftDays").GetInt32().ShouldBe(2);

        var over = await (await own.PauseAsync(today.AddDays(10), today.AddDays(12))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        over.GetProperty("code").GetString().ShouldBe("pause.over-limit");
        over.GetProperty("field").GetString().ShouldBe("lastDay");
        over.GetProperty("args").GetProperty("leftDays").GetInt32().ShouldBe(2);
        over.GetProperty("args").GetProperty("limitDays").GetInt32().ShouldBe(7);

        (await ViewAsync(_gp, own.Id)).Pauses!.Count.ShouldBe(1);
        (await own.PauseAsync(today.AddDays(10), today.AddDays(11))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_referrer_can_allow_no_pauses_and_the_allowance_is_checked_when_issuing()
    {
        var own = await app.AcceptedForParticipantAsync(maxPauseWeeksTotal: 0);
        (await ViewAsync(_gp, own.Id)).MaxPauseWeeksTotal.ShouldBe(0);

        var refused = await (await own.PauseAsync(app.Today(), app.Today())).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("code").GetString().ShouldBe("pause.not-allowed");

        var request = TestData.IssueRequest(TestData.NewNationalId());
        request["maxPauseWeeksTotal"] = 27;
        var invalid = await (await _gp.PostAsJsonAsync("/api/prescriptions", request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        invalid.GetProperty("errors").GetProperty("maxPauseWeeksTotal")[0].GetProperty("code").GetString().ShouldBe("between");
    }

    [Fact]
    public async Task Bad_fields_are_400_naming_the_field()
    {
        var own = await app.AcceptedForParticipantAsync();
        var today = app.Today();

        var past = await (await own.PauseAsync(today.AddDays(-1), today.AddDays(2))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        past.GetProperty("errors").GetProperty("firstDay")[0].GetProperty("code").GetString().ShouldBe("date.not-in-past");

        var reason = await (await own.PauseAsync(today, today, reason: "holiday")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        reason.GetProperty("errors").GetProperty("reason")[0].GetProperty("code").GetString().ShouldBe("one-of");

        var backwards = await (await own.PauseAsync(today.AddDays(3), today.AddDays(1))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        backwards.GetProperty("errors").GetProperty("lastDay")[0].GetProperty("code").GetString().ShouldBe("date.not-before");
    }

    [Fact]
    public async Task Only_the_participant_pauses_their_own_prescription()
    {
        var own = await app.AcceptedForParticipantAsync();
        var other = await app.AcceptedForParticipantAsync();
        var body = new { reason = "travel", firstDay = app.Today(), lastDay = app.Today().AddDays(3) };

        (await other.Participant.PostAsJsonAsync($"/api/prescriptions/{own.Id}/pauses", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{own.Id}/pauses", body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _gym.PostAsJsonAsync($"/api/prescriptions/{own.Id}/pauses", body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AsBergenGym().PostAsJsonAsync($"/api/prescriptions/{own.Id}/pauses", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ViewAsync(_gp, own.Id)).Pauses.ShouldBeEmpty();
    }

    [Fact]
    public async Task Resuming_early_returns_the_unused_days_and_tells_the_referrer_and_the_gym()
    {
        var own = await app.AcceptedForParticipantAsync();
        var today = app.Today();
        var planned = (await ViewAsync(_gp, own.Id)).EndDate;
        var paused = (await (await own.PauseAsync(today, today.AddDays(13), reason: "travel")).Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!;
        var pauseId = paused.Pauses!.Single().Id;

        var stranger = await app.AcceptedForParticipantAsync();
        (await stranger.Participant.PostAsJsonAsync($"/api/prescriptions/{own.Id}/pauses/{pauseId}/resume", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await own.Participant.PostAsJsonAsync($"/api/prescriptions/{own.Id}/pauses/{Guid.NewGuid()}/resume", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var resumed = await own.Participant.PostAsJsonAsync($"/api/prescriptions/{own.Id}/pauses/{pauseId}/resume", new { });

        resumed.StatusCode.ShouldBe(HttpStatusCode.OK, await resumed.Content.ReadAsStringAsync());
        var view = (await resumed.Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!;
        view.Pauses!.Single().Days.ShouldBe(0);
        view.EndDate.ShouldBe(planned);
        view.PauseDaysLeft.ShouldBe(28);
        await app.FanOutAsync();
        foreach (var reader in new[] { _gp, _gym })
        {
            var inbox = await reader.GetFromJsonAsync<InboxPage>("/api/inbox?pageSize=200", Json.Options);
            inbox!.Items.Where(i => i.PrescriptionId == own.Id && i.Type == PrescriptionEventType.PauseEnded).ShouldHaveSingleItem();
        }
    }

    [Fact]
    public async Task Withdrawing_twice_gives_the_same_answer_and_changes_nothing_the_second_time()
    {
        var own = await app.AcceptedForParticipantAsync();

        var first = await own.Participant.PostAsJsonAsync($"/api/prescriptions/{own.Id}/drop-out", new { reason = "Flytter" });
        var second = await own.Participant.PostAsJsonAsync($"/api/prescriptions/{own.Id}/drop-out", new { reason = "Flytter" });

        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        second.StatusCode.ShouldBe(HttpStatusCode.OK, await second.Content.ReadAsStringAsync());
        var (a, b) = ((await first.Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!, (await second.Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!);
        b.Status.ShouldBe(PrescriptionStatus.DroppedOut);
        b.History.Count.ShouldBe(a.History.Count);
        JsonSerializer.Serialize(b, Json.Options).ShouldBe(JsonSerializer.Serialize(a, Json.Options));
        (await app.QueryAsync(db => db.StatusChanges.CountAsync(s => s.PrescriptionId == own.Id && s.To == PrescriptionStatus.DroppedOut))).ShouldBe(1);
        (await app.QueryAsync(db => db.PrescriptionEvents.CountAsync(e => e.PrescriptionId == own.Id && e.Type == PrescriptionEventType.StatusChanged && e.Data.Contains("DroppedOut")))).ShouldBe(1);

        await app.FanOutAsync();
        var inbox = await _gym.GetFromJsonAsync<InboxPage>("/api/inbox?pageSize=200", Json.Options);
        inbox!.Items.Where(i => i.PrescriptionId == own.Id && i.Type == PrescriptionEventType.StatusChanged && i.Data.ToString().Contains("DroppedOut")).ShouldHaveSingleItem();
        var pause = await (await own.PauseAsync(app.Today(), app.Today())).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        pause.GetProperty("code").GetString().ShouldBe("pause.not-pausable");
    }

    [Fact]
    public async Task A_participants_withdrawal_reason_stays_out_of_the_event_the_gym_and_webhooks_get()
    {
        var own = await app.AcceptedForParticipantAsync();

        var response = await own.Participant.PostAsJsonAsync($"/api/prescriptions/{own.Id}/drop-out", new { reason = "Fikk hjerteflimmer igjen" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var data = await app.QueryAsync(db => db.PrescriptionEvents
            .Where(e => e.PrescriptionId == own.Id && e.Type == PrescriptionEventType.StatusChanged && e.Data.Contains("DroppedOut"))
            .Select(e => e.Data).SingleAsync());
        data.ShouldNotContain("hjerteflimmer");
        data.ShouldContain("\"byRole\":\"participant\"");
        (await app.QueryAsync(db => db.StatusChanges.SingleAsync(s => s.PrescriptionId == own.Id && s.To == PrescriptionStatus.DroppedOut)))
            .Reason.ShouldBe("Fikk hjerteflimmer igjen"); // kept in the prescription's own history
    }

    private static async Task<PrescriptionView> ViewAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options))!;
}
