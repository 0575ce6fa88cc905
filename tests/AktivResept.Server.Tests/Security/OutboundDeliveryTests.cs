using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Security;

/// <summary>A hospital's internal receiver, allow-listed by name as an operator would (it runs on 127.0.0.1 here).</summary>
public sealed class InternalReceiverFactory : AktivApiFactory
{
    public const string ReceiverHost = "receiver.hospital.test";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Outbound:AllowedHosts:0"] = ReceiverHost,
    };
}

/// <summary>
/// Issue 20, item 1, at connect time: the delivery client resolves the name itself, refuses a disallowed address
/// (DNS rebinding, endpoints stored before the rule), connects to the address it vetted, and never follows a redirect.
/// </summary>
public sealed class OutboundDeliveryTests : ReceiverTestBase<InternalReceiverFactory>
{
    private int Port => new Uri(Receiver.Url).Port;

    [Fact]
    public async Task An_allow_listed_internal_receiver_is_accepted_and_reached_at_the_address_the_rule_resolved()
    {
        // Only the test resolver knows this name: the delivery arrives only if the connection used the vetted address.
        App.Resolver.Map(InternalReceiverFactory.ReceiverHost, IPAddress.Loopback);
        var (subscription, secret) = await App.AsGp().SubscribeAsync($"http://{InternalReceiverFactory.ReceiverHost}:{Port}/hook");

        await App.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        await App.DispatchAsync();

        Receiver.Received.ShouldHaveSingleItem().SignedWith(secret).ShouldBeTrue();
        (await App.QueryAsync(db => db.Deliveries.SingleAsync(d => d.SubscriptionId == subscription))).Status.ShouldBe(DeliveryStatus.Delivered);
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_at_connect_time_is_refused_and_nothing_is_sent()
    {
        const string host = "rebind.example.org";
        var (subscription, _) = await App.AsGp().SubscribeAsync($"http://{host}:{Port}/hook");
        App.Resolver.Map(host, IPAddress.Loopback);

        await App.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        await App.DispatchAsync();

        // Asked at registration and again at connect time (the system resolver does not know the name: without the
        // handler's own lookup this test would see no delivery for the wrong reason).
        App.Resolver.Lookups.Count(h => h == host).ShouldBe(2);
        Receiver.Received.ShouldBeEmpty();
        var delivery = await App.QueryAsync(db => db.Deliveries.SingleAsync(d => d.SubscriptionId == subscription));
        delivery.Status.ShouldBe(DeliveryStatus.Pending);
        delivery.LastResult.ShouldBe(DeliveryResult.NetworkError);
        delivery.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task An_internal_endpoint_stored_before_the_rule_is_refused_at_connect_time()
    {
        var (subscription, _) = await App.AsGp().SubscribeAsync("https://ehr.example.org/hook");
        await App.QueryAsync(db => db.Subscriptions.Where(s => s.Id == subscription).ExecuteUpdateAsync(s => s.SetProperty(x => x.Endpoint, Receiver.Url)));

        await App.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        await App.DispatchAsync();

        Receiver.Received.ShouldBeEmpty();
        (await App.QueryAsync(db => db.Deliveries.SingleAsync(d => d.SubscriptionId == subscription))).Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task A_redirect_is_a_failed_delivery_and_is_never_followed()
    {
        App.Resolver.Map(InternalReceiverFactory.ReceiverHost, IPAddress.Loopback);
        var (subscription, _) = await App.AsGp().SubscribeAsync($"http://{InternalReceiverFactory.ReceiverHost}:{Port}/hook");
        await App.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();

        // 307 and 308 keep the method: a client that followed either would POST the signed body again.
        Receiver.Answer = () => 307;
        await App.DispatchAsync();
        Receiver.Answer = () => 308;
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await App.DispatchAsync();

        Receiver.Received.Select(r => r.AnsweredWith).ShouldBe([307, 308]);
        var delivery = await App.QueryAsync(db => db.Deliveries.SingleAsync(d => d.SubscriptionId == subscription));
        delivery.Status.ShouldBe(DeliveryStatus.Pending);
        delivery.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task The_delivery_log_shows_only_the_status_class_and_duration()
    {
        App.Resolver.Map(InternalReceiverFactory.ReceiverHost, IPAddress.Loopback);
        var gp = App.AsGp();
        var (answering, _) = await gp.SubscribeAsync($"http://{InternalReceiverFactory.ReceiverHost}:{Port}/hook");
        var (closed, _) = await gp.SubscribeAsync($"http://{InternalReceiverFactory.ReceiverHost}:{ClosedPort()}/hook");
        await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        Receiver.Answer = () => 418;

        await App.DispatchAsync();

        var fourXx = await LogAsync(gp, answering);
        var refused = await LogAsync(gp, closed);
        fourXx.GetProperty("lastResult").GetString().ShouldBe("Http4xx");
        refused.GetProperty("lastResult").GetString().ShouldBe("NetworkError");
        foreach (var delivery in new[] { fourXx, refused })
        {
            delivery.EnumerateObject().Select(p => p.Name).ShouldBe(
                ["id", "subscriptionId", "eventId", "prescriptionId", "eventType", "status", "attempts", "nextAttemptAt", "lastResult", "createdAt", "deliveredAt", "log"]);
            var attempt = delivery.GetProperty("log").EnumerateArray().ShouldHaveSingleItem();
            attempt.EnumerateObject().Select(p => p.Name).ShouldBe(["at", "result", "durationMs"]);
            // Ids, instants and the duration may contain any digits by chance: the texts that describe the outcome may not
            // carry the receiver's status code or the socket error.
            string[] outcomeTexts = [delivery.GetProperty("status").GetString()!, delivery.GetProperty("lastResult").GetString()!, attempt.GetProperty("result").GetString()!];
            outcomeTexts.ShouldAllBe(text => !text.Contains("418") && !text.Contains("refused", StringComparison.OrdinalIgnoreCase));
            delivery.GetRawText().ShouldNotContain("refused", Case.Insensitive);
        }

        // The stored rows hold no more than the log shows.
        var attempts = await App.QueryAsync(db => db.DeliveryAttempts.Select(a => a.Result).ToListAsync());
        attempts.Order().ShouldBe([DeliveryResult.Http4xx, DeliveryResult.NetworkError]);
    }

    private static async Task<JsonElement> LogAsync(HttpClient owner, Guid subscription) =>
        (await owner.GetFromJsonAsync<JsonElement>($"/api/subscriptions/{subscription}/deliveries", Json.Options)).GetProperty("items")[0];

    /// <summary>A loopback port nothing listens on: connecting to it is refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
