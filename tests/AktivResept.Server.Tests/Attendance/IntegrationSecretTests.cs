using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Attendance;

public sealed class IntegrationSecretTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _anonymous = app.CreateClient();

    [Fact]
    public async Task After_a_rotation_both_secrets_work_until_the_overlap_ends()
    {
        var member = "rot-" + Guid.NewGuid().ToString("N")[..8];
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var prescription = await app.AcceptedPrescriptionAsync(member);

        var rotated = await app.AsOsloGym().PostAsJsonAsync($"/api/integrations/{integration.Id}/secrets/rotate", new { overlapHours = 2 });
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await rotated.ReadJsonAsync();
        var fresh = body.GetProperty("secret").GetString()!;
        fresh.ShouldStartWith("whsec_");
        fresh.ShouldNotBe(integration.Secret);
        body.GetProperty("secrets").GetArrayLength().ShouldBe(2);

        (await SendAsync(integration, location, member, "old-1", integration.Secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(integration, location, member, "new-1", fresh)).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(31)); // past the overlap and the key cache
        (await SendAsync(integration, location, member, "old-2", integration.Secret)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(integration, location, member, "new-2", fresh)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(3);
    }

    [Fact]
    public async Task Rotating_twice_leaves_only_two_active_secrets()
    {
        var integration = await app.CreateIntegrationAsync();
        var gym = app.AsOsloGym();

        await gym.PostAsJsonAsync($"/api/integrations/{integration.Id}/secrets/rotate", new { });
        var second = await (await gym.PostAsJsonAsync($"/api/integrations/{integration.Id}/secrets/rotate", new { })).ReadJsonAsync();

        second.GetProperty("secrets").GetArrayLength().ShouldBe(2);
        var list = await gym.GetFromJsonAsync<JsonElement>("/api/integrations");
        var listed = list.EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == integration.Id);
        listed.TryGetProperty("secret", out var shown);
        shown.ValueKind.ShouldNotBe(JsonValueKind.String, "a secret is only ever shown when it is made");
    }

    [Fact]
    public async Task Another_provider_cannot_see_or_rotate_the_integration_and_others_cannot_register_one()
    {
        var integration = await app.CreateIntegrationAsync();

        var rotate = await app.AsBergenGym().PostAsJsonAsync($"/api/integrations/{integration.Id}/secrets/rotate", new { });
        var list = await app.AsBergenGym().GetFromJsonAsync<JsonElement>("/api/integrations");
        var asGp = await app.AsGp().PostAsJsonAsync("/api/integrations", new { name = "x" });
        var noName = await app.AsOsloGym().PostAsJsonAsync("/api/integrations", new { name = " " });
        var badOverlap = await app.AsOsloGym().PostAsJsonAsync($"/api/integrations/{integration.Id}/secrets/rotate", new { overlapHours = -1 });

        rotate.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        list.EnumerateArray().ShouldNotContain(i => i.GetProperty("id").GetGuid() == integration.Id);
        asGp.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        noName.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noName.Content.ReadAsStringAsync()).ShouldContain("name");
        badOverlap.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badOverlap.Content.ReadAsStringAsync()).ShouldContain("overlapHours");
    }

    private Task<HttpResponseMessage> SendAsync(TestIntegration integration, Guid location, string member, string eventId, string secret) =>
        _anonymous.SendAsync(app.Signed(integration, AttendanceKit.Batch(AttendanceKit.Event(eventId, location, member, app.Clock.GetUtcNow().AddHours(-1))), secret: secret));
}

public sealed class RateLimitTests(RateLimitTests.Factory app) : IClassFixture<RateLimitTests.Factory>
{
    public sealed class Factory : AktivApiFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Integrations:RateLimitRequests"] = "3",
            ["Integrations:RateLimitWindowSeconds"] = "3600",
        };
    }

    [Fact]
    public async Task Too_many_deliveries_from_one_integration_get_429_with_retry_after()
    {
        var integration = await app.CreateIntegrationAsync();
        var other = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var client = app.CreateClient();
        var body = AttendanceKit.Batch(AttendanceKit.Event("rl", location, "nobody", app.Clock.GetUtcNow().AddHours(-1)));

        for (var i = 0; i < 3; i++)
        {
            (await client.SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await client.SendAsync(app.Signed(integration, body));
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        (await client.SendAsync(app.Signed(other, body))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
