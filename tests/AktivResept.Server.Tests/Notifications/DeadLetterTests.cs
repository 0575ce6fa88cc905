using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>A short retry schedule (1 s, 2 s: three tries), so the last try comes quickly.</summary>
public sealed class ShortRetryFactory : LocalReceiverFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["Notifications:RetrySchedule"] = "1s,2s",
        ["Notifications:JitterFraction"] = "0",
    };
}

public sealed class DeadLetterTests : ReceiverTestBase<ShortRetryFactory>
{
    [Fact]
    public async Task After_the_last_try_a_delivery_is_dead_lettered_and_its_owner_can_replay_it()
    {
        var gp = App.AsGp();
        var (subscription, secret) = await gp.SubscribeAsync(Receiver.Url);
        await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        Receiver.Answer = () => 503;

        await App.DispatchAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await App.DispatchAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(2));
        await App.DispatchAsync();
        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.DispatchAsync();

        Receiver.Received.Count.ShouldBe(3);
        var delivery = await App.QueryAsync(db => db.Deliveries.SingleAsync(d => d.SubscriptionId == subscription));
        delivery.Status.ShouldBe(DeliveryStatus.DeadLetter);
        delivery.Attempts.ShouldBe(3);
        delivery.LastResult.ShouldBe(DeliveryResult.Http5xx);
        (await App.QueryAsync(db => db.DeliveryAttempts.CountAsync(a => a.DeliveryId == delivery.Id))).ShouldBe(3);

        // Someone else cannot replay it (nor see that it exists).
        (await App.AsPhysiotherapist().PostEmptyAsync($"/api/deliveries/{delivery.Id}/replay")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        Receiver.Answer = () => 204;
        var replay = await gp.PostEmptyAsync($"/api/deliveries/{delivery.Id}/replay");
        replay.StatusCode.ShouldBe(HttpStatusCode.OK, await replay.Content.ReadAsStringAsync());
        (await gp.PostEmptyAsync($"/api/deliveries/{delivery.Id}/replay")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await App.DispatchAsync();

        Receiver.Received.Count.ShouldBe(4);
        Receiver.Received.ShouldAllBe(r => r.SignedWith(secret) && r.Id == delivery.Id.ToString());
        var after = await App.QueryAsync(db => db.Deliveries.SingleAsync(d => d.Id == delivery.Id));
        after.Status.ShouldBe(DeliveryStatus.Delivered);
        after.Attempts.ShouldBe(1);
        (await App.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Delivery/{delivery.Id}" && a.Action == "update:replay" && a.Outcome == Server.Common.Audit.AuditOutcome.Success)))
            .ShouldBe(1);
    }

    [Fact]
    public async Task A_delivered_notification_can_be_replayed_and_is_sent_again_with_the_same_body()
    {
        var gp = App.AsGp();
        var (subscription, _) = await gp.SubscribeAsync(Receiver.Url);
        await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        await App.DispatchAsync();
        var delivery = await App.QueryAsync(db => db.Deliveries.SingleAsync(d => d.SubscriptionId == subscription));

        (await gp.PostEmptyAsync($"/api/deliveries/{delivery.Id}/replay")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await App.DispatchAsync();

        var received = Receiver.Received.ToList();
        received.Count.ShouldBe(2);
        received[1].Body.ShouldBe(received[0].Body);
        var log = await gp.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/subscriptions/{subscription}/deliveries", Json.Options);
        log.GetProperty("items")[0].GetProperty("log").GetArrayLength().ShouldBe(2);
    }
}
