using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>Who may do what with subscriptions and inboxes; no clock or jobs, so the tests share one app.</summary>
public sealed class SubscriptionAccessTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Theory]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.org/hook")]
    [InlineData("")]
    public async Task An_endpoint_that_is_not_an_absolute_http_url_is_refused_naming_the_field(string endpoint)
    {
        var response = await app.AsGp().PostAsJsonAsync("/api/subscriptions", new { endpoint });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("endpoint", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_never_stored_in_clear()
    {
        var response = await app.AsGp().PostAsJsonAsync("/api/subscriptions", new { endpoint = "https://ehr.example.org/hooks" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("secret").GetString()!;
        secret.ShouldStartWith("whsec_");
        var id = created.GetProperty("id").GetGuid();

        var read = await app.AsGp().GetStringAsync($"/api/subscriptions/{id}");
        read.ShouldNotContain("whsec_");
        var stored = await app.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == id));
        Convert.ToBase64String(stored.SecretProtected).ShouldNotContain(secret["whsec_".Length..]);
    }

    [Fact]
    public async Task Other_peoples_subscriptions_are_not_found()
    {
        var (id, _) = await app.AsGp().SubscribeAsync("https://ehr.example.org/gp");
        var physio = app.AsPhysiotherapist();
        var gym = app.AsOsloGym();

        foreach (var client in new[] { physio, gym })
        {
            (await client.GetAsync($"/api/subscriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetAsync($"/api/subscriptions/{id}/deliveries")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.DeleteAsync($"/api/subscriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.PostEmptyAsync($"/api/subscriptions/{id}/enable")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            var list = await client.GetFromJsonAsync<JsonElement>("/api/subscriptions");
            list.EnumerateArray().ShouldNotContain(s => s.GetProperty("id").GetGuid() == id);
        }

        (await app.AsGp().GetAsync($"/api/subscriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var deleted = await app.AsGp().DeleteAsync($"/api/subscriptions/{id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("Off");
    }

    [Fact]
    public async Task Providers_subscribe_and_participants_may_not()
    {
        (await app.AsOsloGym().PostAsJsonAsync("/api/subscriptions", new { endpoint = "https://gym.example.org/hook" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await app.AsParticipant(DemoIdentities.ParticipantAnneFnr).PostAsJsonAsync("/api/subscriptions", new { endpoint = "https://x.example.org/" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.ClientAs(Roles.Payer, org: DemoIdentities.NavOrg).GetAsync("/api/inbox")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_inbox_api_keeps_its_json_shape_now_that_the_web_inbox_shares_its_handler()
    {
        await app.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await app.FanOutAsync();

        var page = await app.AsGp().GetFromJsonAsync<JsonElement>("/api/inbox?pageSize=1");

        page.EnumerateObject().Select(p => p.Name).ShouldBe(["items", "page", "pageSize", "total", "unread"]);
        page.GetProperty("items")[0].EnumerateObject().Select(p => p.Name)
            .ShouldBe(["id", "prescriptionId", "eventId", "type", "data", "createdAt", "readAt"]);
    }

    [Fact]
    public async Task Other_peoples_inbox_messages_are_not_found()
    {
        await app.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await app.FanOutAsync();
        var gpInbox = await app.AsGp().GetFromJsonAsync<JsonElement>("/api/inbox?pageSize=1");
        var message = gpInbox.GetProperty("items")[0].GetProperty("id").GetGuid();

        (await app.AsPhysiotherapist().PostEmptyAsync($"/api/inbox/{message}/read")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsOsloGym().PostEmptyAsync($"/api/inbox/{message}/read")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var physioInbox = await app.AsPhysiotherapist().GetFromJsonAsync<JsonElement>("/api/inbox?pageSize=200");
        physioInbox.GetProperty("items").EnumerateArray().ShouldNotContain(m => m.GetProperty("id").GetGuid() == message);
        (await app.AsGp().PostEmptyAsync($"/api/inbox/{message}/read")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Inbox_paging_is_checked()
    {
        var response = await app.AsGp().GetAsync("/api/inbox?pageSize=1000");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("pageSize", out _).ShouldBeTrue();
    }
}
