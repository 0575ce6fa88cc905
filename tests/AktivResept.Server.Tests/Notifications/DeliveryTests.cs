using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Messaging;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>
/// From a status change to the referrer's inbox and their system's webhook receiver: fan-out, signing, retries with
/// backoff, dead letters, replay, 410 Gone and two app instances at once. Each test gets its own app and clock.
/// </summary>
public sealed class DeliveryTests : ReceiverTestBase<LocalReceiverFactory>
{
    [Fact]
    public async Task A_status_change_reaches_the_referrer_inbox_and_their_webhook_exactly_once_signed()
    {
        var gp = App.AsGp();
        var (subscription, secret) = await gp.SubscribeAsync(Receiver.Url);
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));

        await App.FanOutAsync();
        await App.DispatchAsync();
        await App.FanOutAsync();
        await App.DispatchAsync();

        var received = Receiver.Received.ToList();
        received.Count.ShouldBe(1);
        var hit = received[0];
        hit.SignedWith(secret).ShouldBeTrue();
        hit.SignedWith("whsec_" + Convert.ToBase64String(new byte[32])).ShouldBeFalse();
        hit.Timestamp.ShouldBe(App.Clock.GetUtcNow().ToUnixTimeSeconds());
        hit.ContentType.ShouldStartWith("application/json");
        using var body = JsonDocument.Parse(hit.Body);
        body.RootElement.GetProperty("type").GetString().ShouldBe("prescription.status_changed");
        body.RootElement.GetProperty("data").GetProperty("prescriptionId").GetGuid().ShouldBe(id);
        body.RootElement.GetProperty("data").GetProperty("to").GetString().ShouldBe("Issued");
        var delivery = await App.QueryAsync(db => db.Deliveries.SingleAsync(d => d.SubscriptionId == subscription));
        hit.Id.ShouldBe(delivery.Id.ToString());
        delivery.Status.ShouldBe(DeliveryStatus.Delivered);
        delivery.Attempts.ShouldBe(1);

        // The GP's own move (issuing) goes to their system but not to their inbox; the gym's answer does.
        (await App.QueryAsync(db => db.InboxMessages.CountAsync(m => m.PrescriptionId == id && m.RecipientKind == RecipientKind.Referrer))).ShouldBe(0);
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{id}/reject", new { reason = "Fullt" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await App.FanOutAsync();

        var inbox = await gp.GetFromJsonAsync<InboxPage>("/api/inbox?unread=true", Json.Options);
        var mine = inbox!.Items.Where(m => m.PrescriptionId == id).ToList();
        mine.Count.ShouldBe(1);
        mine[0].Type.ShouldBe(PrescriptionEventType.StatusChanged);
        (await App.QueryAsync(db => db.InboxMessages.CountAsync(m => m.PrescriptionId == id && m.RecipientKind == RecipientKind.Referrer))).ShouldBe(1);

        (await gp.PostEmptyAsync($"/api/inbox/{mine[0].Id}/read")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var unread = await gp.GetFromJsonAsync<InboxPage>("/api/inbox?unread=true", Json.Options);
        unread!.Items.ShouldNotContain(m => m.Id == mine[0].Id);
        (await App.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"InboxMessage/{mine[0].Id}"))).ShouldBe(1);
    }

    [Fact]
    public async Task The_provider_trainer_and_participant_hear_about_their_part()
    {
        var gp = App.AsGp();
        var gym = App.AsOsloGym();
        var fnr = TestData.NewNationalId();
        var id = await gp.IssueAsync(TestData.IssueRequest(fnr));
        var location = DemoIdentities.GrunerlokkaLocationId;
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trainers = await gym.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{id}/qualified-trainers", Json.Options);
        var trainer = trainers!.First().Id;
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainer })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await App.FanOutAsync();

        var gymInbox = await gym.GetFromJsonAsync<InboxPage>("/api/inbox", Json.Options);
        // The gym hears of the referral when it is sent to it, then of each move after.
        var gymMessages = gymInbox!.Items.Where(m => m.PrescriptionId == id).ToList();
        gymMessages.Select(m => m.Type).ShouldBe([PrescriptionEventType.StatusChanged, PrescriptionEventType.SentToProvider]);
        gymMessages[0].Data.GetProperty("to").GetString().ShouldBe("Accepted");
        gymMessages[1].Data.GetProperty("location").GetString().ShouldBe("Aktiv Trening Grünerløkka");
        var participantInbox = await App.AsParticipant(fnr).GetFromJsonAsync<InboxPage>("/api/inbox", Json.Options);
        participantInbox!.Items.Count(m => m.PrescriptionId == id).ShouldBe(2);
        (await App.QueryAsync(db => db.InboxMessages.CountAsync(m => m.PrescriptionId == id && m.RecipientKind == RecipientKind.Trainer && m.RecipientId == trainer)))
            .ShouldBe(2);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_backoff_until_it_answers()
    {
        var gp = App.AsGp();
        var (subscription, secret) = await gp.SubscribeAsync(Receiver.Url);
        await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();

        Receiver.Answer = () => 500;
        await App.DispatchAsync();
        Receiver.Received.Count.ShouldBe(1);

        // The first retry waits 5 s ± 20 %: not before 4 s, certainly by 6 s.
        App.Clock.Advance(TimeSpan.FromSeconds(3.9));
        await App.DispatchAsync();
        Receiver.Received.Count.ShouldBe(1);

        Receiver.Answer = () => 200;
        App.Clock.Advance(TimeSpan.FromSeconds(2.2));
        await App.DispatchAsync();
        Receiver.Received.Count.ShouldBe(2);
        Receiver.Received.ShouldAllBe(r => r.SignedWith(secret));
        Receiver.Received.Select(r => r.Id).Distinct().Count().ShouldBe(1);

        var log = await gp.GetFromJsonAsync<DeliveryPage>($"/api/subscriptions/{subscription}/deliveries", Json.Options);
        var delivery = log!.Items.ShouldHaveSingleItem();
        delivery.Status.ShouldBe(DeliveryStatus.Delivered);
        delivery.Attempts.ShouldBe(2);
        delivery.Log.Select(a => a.Result).ShouldBe([DeliveryResult.Http5xx, DeliveryResult.Http2xx]);
    }

    [Fact]
    public async Task Two_app_instances_fanning_out_and_dispatching_at_once_deliver_each_event_exactly_once()
    {
        var gp = App.AsGp();
        var (subscription, secret) = await gp.SubscribeAsync(Receiver.Url);
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId())));
        }

        await using var second = App.SecondInstance();
        var instances = new[] { App, second };
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => instances[i % 2].FanOutAsync()))).Within(TestBudget.TwoNodes);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => instances[i % 2].DispatchAsync()))).Within(TestBudget.TwoNodes);

        var received = Receiver.Received.ToList();
        received.Count.ShouldBe(ids.Count);
        received.Select(r => r.Id).Distinct().Count().ShouldBe(ids.Count);
        received.ShouldAllBe(r => r.SignedWith(secret));
        received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("prescriptionId").GetGuid())
            .Order().ShouldBe(ids.Order());
        (await App.QueryAsync(db => db.Deliveries.CountAsync(d => d.SubscriptionId == subscription && d.Status == DeliveryStatus.Delivered))).ShouldBe(ids.Count);
        (await App.QueryAsync(db => db.DeliveryAttempts.CountAsync())).ShouldBe(ids.Count);
        // Issuing is the GP's own move: it reaches the participant's inbox, not the GP's.
        (await App.QueryAsync(db => db.InboxMessages.CountAsync(m => m.PrescriptionId != null && ids.Contains(m.PrescriptionId.Value) && m.RecipientKind == RecipientKind.Participant))).ShouldBe(ids.Count);
        (await App.QueryAsync(db => db.PrescriptionEvents.CountAsync(e => e.FannedOutAt == null))).ShouldBe(0);
    }

    [Fact]
    public async Task Email_nudges_say_only_that_there_is_a_new_message()
    {
        var gp = App.AsGp();
        var fnr = TestData.NewNationalId();
        var id = await gp.IssueAsync(TestData.IssueRequest(fnr));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{id}/reject", new { reason = "Hjerteinfarkt" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var referrer = await App.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.ReferrerId).SingleAsync());
        var before = await App.QueryAsync(db => db.OutboxMessages.Select(m => m.Id).ToListAsync());

        await App.FanOutAsync();

        var messages = await App.QueryAsync(db => db.OutboxMessages.Where(m => !before.Contains(m.Id)).ToListAsync());
        var nudge = messages.ShouldHaveSingleItem();
        nudge.RecipientKind.ShouldBe(RecipientKind.Referrer);
        nudge.RecipientId.ShouldBe(referrer);
        nudge.Channel.ShouldBe(MessageChannel.Email);
        nudge.Text.ShouldBe("Du har en ny melding i AktivResept.");
        var all = await App.QueryAsync(db => db.OutboxMessages.Select(m => m.Text).Distinct().ToListAsync());
        all.ShouldBe([MessageTexts.NewMessage]);
        all.ShouldNotContain(t => t.Contains("Hjerteinfarkt") || t.Contains("Ryggsmerter") || t.Contains(fnr));
    }

    [Fact]
    public async Task A_410_Gone_turns_the_subscription_off_and_cancels_what_was_waiting()
    {
        var gp = App.AsGp();
        var (subscription, _) = await gp.SubscribeAsync(Receiver.Url);
        await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        Receiver.Answer = () => 410;

        await App.DispatchAsync();

        var view = await gp.GetFromJsonAsync<JsonElement>($"/api/subscriptions/{subscription}", Json.Options);
        view.GetProperty("status").GetString().ShouldBe("Off");
        view.GetProperty("statusReason").GetString()!.ShouldContain("410");
        (await App.QueryAsync(db => db.Deliveries.Where(d => d.SubscriptionId == subscription).Select(d => d.Status).ToListAsync()))
            .ShouldAllBe(s => s == DeliveryStatus.Cancelled);

        // Nothing new is queued for it, and nothing is sent, until the owner turns it back on.
        var sent = Receiver.Received.Count;
        await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        App.Clock.Advance(TimeSpan.FromHours(1));
        await App.DispatchAsync();
        Receiver.Received.Count.ShouldBe(sent);
        (await App.QueryAsync(db => db.Deliveries.CountAsync(d => d.SubscriptionId == subscription))).ShouldBe(2);

        Receiver.Answer = () => 200;
        (await gp.PostEmptyAsync($"/api/subscriptions/{subscription}/enable")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        await App.DispatchAsync();
        Receiver.Received.Count.ShouldBe(sent + 1);
    }

    private sealed record InboxPage(List<InboxEntry> Items, int Total, int Unread);

    private sealed record InboxEntry(Guid Id, Guid PrescriptionId, PrescriptionEventType Type, JsonElement Data, DateTimeOffset? ReadAt);

    private sealed record DeliveryPage(List<DeliveryEntry> Items, int Total);

    private sealed record DeliveryEntry(Guid Id, DeliveryStatus Status, int Attempts, List<AttemptEntry> Log);

    private sealed record AttemptEntry(DeliveryResult Result, int DurationMs);
}
