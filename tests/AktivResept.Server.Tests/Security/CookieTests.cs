using System.Net;
using System.Security.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Components.Account;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Issue 20, item 3, in a deployment (the Production environment): HSTS, and every cookie Secure, HttpOnly, SameSite
/// and <c>__Host-</c> prefixed. Production has no sign-in form yet (OIDC sign-in for the web UI is not built), so the
/// sign-in and antiforgery cookies are issued by the app's own handlers on a request the test builds.
/// </summary>
public sealed class CookieTests(ProductionLikeApp app) : IClassFixture<ProductionLikeApp>
{
    [Fact]
    public async Task Production_sends_HSTS_for_a_year_with_subdomains_over_https()
    {
        using var response = await app.CreateClient(new() { BaseAddress = ProductionLikeApp.Https }).GetAsync("/logg-inn");

        response.Headers.GetValues("Strict-Transport-Security").ShouldBe(["max-age=31536000; includeSubDomains"]);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task The_sign_in_cookie_is_host_prefixed_secure_httponly_and_strict()
    {
        var cookie = await SetCookieAsync(http => http.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme, AccountEndpoints.PrincipalFor(DemoIdentities.Personas[0])));

        ShouldBeHardened(cookie, "__Host-aktivresept=", "samesite=strict");
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_host_prefixed_secure_httponly_and_strict()
    {
        var cookie = await SetCookieAsync(http =>
        {
            http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
            return Task.CompletedTask;
        });

        ShouldBeHardened(cookie, "__Host-aktivresept.af=", "samesite=strict");
    }

    [Fact]
    public async Task The_language_cookie_is_host_prefixed_secure_httponly_and_lax_and_is_read_back()
    {
        var browser = app.Browser(ProductionLikeApp.Https);

        using var response = await browser.GetAsync("/konto/sprak?culture=en&returnUrl=%2Fikke-funnet");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ShouldBeHardened(response.Headers.GetValues("Set-Cookie").ShouldHaveSingleItem(), "__Host-aktivresept.lang=", "samesite=lax");
        (await browser.GetStringAsync("/ikke-funnet")).ShouldContain("<html lang=\"en\">");
    }

    [Fact]
    public async Task A_cookie_is_secure_even_when_tls_ends_before_the_app()
    {
        using var response = await app.Browser(new Uri("http://aktivresept.test")).GetAsync("/konto/sprak?culture=en");

        response.Headers.GetValues("Set-Cookie").ShouldHaveSingleItem().ToLowerInvariant().ShouldContain("; secure");
    }

    [Fact]
    public async Task Production_offers_no_persona_sign_in()
    {
        using var response = await app.CreateClient(new() { BaseAddress = ProductionLikeApp.Https }).PostAsync("/konto/logg-inn",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["persona"] = "gp" }));

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    private static void ShouldBeHardened(string setCookie, string prefix, string sameSite)
    {
        setCookie.ShouldStartWith(prefix);
        var attributes = setCookie.ToLowerInvariant().Split(';', StringSplitOptions.TrimEntries);
        attributes.ShouldContain("secure");
        attributes.ShouldContain("httponly");
        attributes.ShouldContain("path=/");
        attributes.ShouldContain(sameSite);
        attributes.ShouldNotContain(a => a.StartsWith("domain=", StringComparison.Ordinal));
    }

    /// <summary>Runs the app's own handler on an HTTPS request to the app and returns the one cookie it set.</summary>
    private async Task<string> SetCookieAsync(Func<HttpContext, Task> issue)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Scheme = "https";
        http.Request.Host = new HostString(ProductionLikeApp.Https.Host);
        http.Request.Path = "/";
        await issue(http);
        return http.Response.Headers.SetCookie.ShouldHaveSingleItem()!;
    }
}
