using System.Net;
using System.Net.Http.Headers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Security;

public sealed class AuthenticationTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task No_token_gives_401_problem_with_a_bearer_challenge()
    {
        var response = await app.CreateClient().GetAsync("/api/prescriptions");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var forged = DevTokens.Mint(DevelopmentSecrets.NewKey(), "aktivresept", Roles.Referrer, DemoIdentities.GpHpr, null, null, null, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

        var response = await WithToken(forged).GetAsync("/api/prescriptions");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var key = app.Services.GetConfigurationValue("Auth:DevelopmentSigningKey");
        var expired = DevTokens.Mint(key, "aktivresept", Roles.Referrer, DemoIdentities.GpHpr, null, null, null, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-2));

        (await WithToken(expired).GetAsync("/api/prescriptions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var key = app.Services.GetConfigurationValue("Auth:DevelopmentSigningKey");
        var token = DevTokens.Mint(key, "some-other-api", Roles.Referrer, DemoIdentities.GpHpr, null, null, null, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

        (await WithToken(token).GetAsync("/api/prescriptions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_with_an_unknown_role_is_forbidden()
    {
        var key = app.Services.GetConfigurationValue("Auth:DevelopmentSigningKey");
        var token = DevTokens.Mint(key, "aktivresept", "superuser", null, null, null, null, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

        var response = await WithToken(token).GetAsync("/api/prescriptions");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_garbage_token_is_refused_without_a_server_error()
    {
        (await WithToken("not.a.jwt").GetAsync("/api/prescriptions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Health_answers_without_a_token_once_the_database_is_reachable()
    {
        var response = await app.CreateClient().GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_openapi_document_is_served()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("/api/prescriptions/{id}/accept");
    }

    private HttpClient WithToken(string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
