using System.Net;
using AktivResept.Server.Common.Auth.Oidc;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Web sign-in end to end against a real OpenID Connect provider on loopback (OpenIddict, <see cref="LocalOidcProvider"/>):
/// code flow with PKCE, private_key_jwt at the token endpoint, the level checked, the session's idle timeout on the
/// app's clock, and sign-out that ends the provider's session too.
/// </summary>
public sealed class OidcSignInTests(OidcApiFactory app) : IClassFixture<OidcApiFactory>
{
    private static LocalOidcUser Citizen(string pid, string acr, string subject = "idporten-anne") =>
        new(subject, new Dictionary<string, string> { ["pid"] = pid, ["acr"] = acr });

    private async Task<OidcBrowser> SignedInParticipantAsync(string subject)
    {
        app.Provider.NextUser = Citizen(DemoIdentities.ParticipantAnneFnr, "idporten-loa-high", subject);
        var browser = app.Browser();
        var (url, response, _) = await browser.GetAsync($"{OidcSignIn.StartPath}/{OidcProviders.IdPorten}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        url.AbsolutePath.ShouldBe("/min-side");
        return browser;
    }

    [Fact]
    public async Task The_sign_in_page_offers_both_providers_when_configured()
    {
        using var browser = app.Browser();
        var (_, response, body) = await browser.GetAsync("/logg-inn");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ShouldContain("Logg inn med ID-porten");
        body.ShouldContain("Logg inn med HelseID");
        // The sign-out form ends up at the provider's end-session endpoint: form-action allows it, and only it.
        response.Headers.GetValues("Content-Security-Policy").Single()
            .ShouldContain($"form-action 'self' {new Uri(app.Provider.Authority).GetLeftPart(UriPartial.Authority)};");
    }

    [Fact]
    public async Task A_participant_signs_in_through_ID_porten_with_private_key_jwt_and_sees_their_prescriptions()
    {
        var assertionsBefore = app.Provider.AcceptedAssertions;

        using var browser = await SignedInParticipantAsync("idporten-anne-1");

        app.Provider.AcceptedAssertions.ShouldBe(assertionsBefore + 1);
        browser.Visited.ShouldContain(u => u.Authority == new Uri(app.Provider.Authority).Authority && u.Query.Contains("code_challenge_method=S256", StringComparison.Ordinal) && u.Query.Contains("acr_values=idporten-loa-high", StringComparison.Ordinal));
        var (_, response, body) = await browser.GetAsync("/mine-resepter");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ShouldContain("<h1>Mine resepter</h1>");
    }

    [Fact]
    public async Task A_too_low_level_is_refused_with_a_page_naming_the_level_and_no_session()
    {
        app.Provider.NextUser = Citizen(DemoIdentities.ParticipantAnneFnr, "idporten-loa-substantial", "idporten-anne-low");
        using var browser = app.Browser();

        var (url, response, body) = await browser.GetAsync($"{OidcSignIn.StartPath}/{OidcProviders.IdPorten}");

        url.AbsolutePath.ShouldBe(OidcSignIn.RefusedPath);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ShouldContain("sikkerhetsnivå høyt");
        var (after, _, _) = await browser.GetAsync("/mine-resepter");
        after.AbsolutePath.ShouldBe("/logg-inn");
    }

    [Fact]
    public async Task An_id_token_for_another_audience_is_refused()
    {
        app.Provider.NextUser = Citizen(DemoIdentities.ParticipantAnneFnr, "idporten-loa-high", "idporten-anne-aud");
        app.Provider.IdTokenAudience = "another-app";
        var assertionsBefore = app.Provider.AcceptedAssertions;
        try
        {
            using var browser = app.Browser();
            var (url, _, _) = await browser.GetAsync($"{OidcSignIn.StartPath}/{OidcProviders.IdPorten}");

            // The code was redeemed (the client authenticated); the token it got back is what was refused.
            app.Provider.AcceptedAssertions.ShouldBe(assertionsBefore + 1);
            url.AbsolutePath.ShouldBe(OidcSignIn.FailedPath);
            var (after, _, _) = await browser.GetAsync("/mine-resepter");
            after.AbsolutePath.ShouldBe("/logg-inn");
        }
        finally
        {
            app.Provider.IdTokenAudience = null;
        }
    }

    [Fact]
    public async Task An_idle_session_ends_after_the_idle_timeout_while_activity_keeps_it_alive()
    {
        using var browser = await SignedInParticipantAsync("idporten-anne-idle");

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        (await browser.GetAsync("/mine-resepter")).Url.AbsolutePath.ShouldBe("/mine-resepter");
        app.Clock.Advance(TimeSpan.FromMinutes(25));
        (await browser.GetAsync("/mine-resepter")).Url.AbsolutePath.ShouldBe("/mine-resepter");
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        (await browser.GetAsync("/mine-resepter")).Url.AbsolutePath.ShouldBe("/logg-inn");
    }

    [Fact]
    public async Task Signing_out_ends_the_session_at_the_provider_too()
    {
        using var browser = await SignedInParticipantAsync("idporten-anne-out");
        var sessionsBefore = app.Provider.ActiveSessions;
        var (_, _, page) = await browser.GetAsync("/mine-resepter");

        var (url, _, _) = await browser.PostAsync("/konto/logg-ut", new() { ["__RequestVerificationToken"] = OidcBrowser.FormToken(page) });

        url.AbsolutePath.ShouldBe("/logg-inn");
        browser.Visited.ShouldContain(u => u.AbsolutePath == "/connect/endsession" && u.Query.Contains("id_token_hint=", StringComparison.Ordinal));
        app.Provider.EndedFor.ShouldContain("idporten-anne-out");
        app.Provider.ActiveSessions.ShouldBe(sessionsBefore - 1);
        (await browser.GetAsync("/mine-resepter")).Url.AbsolutePath.ShouldBe("/logg-inn");

        // The provider asks again: its session is gone, not only ours.
        var logins = app.Provider.Logins;
        await browser.GetAsync($"{OidcSignIn.StartPath}/{OidcProviders.IdPorten}");
        app.Provider.Logins.ShouldBe(logins + 1);
    }

    [Fact]
    public async Task A_referrer_signs_in_through_HelseID_with_their_HPR_number_and_organisation()
    {
        app.Provider.NextUser = new LocalOidcUser("helseid-kari", new Dictionary<string, string>
        {
            [HelseIdClaims.HprNumber] = DemoIdentities.GpHpr,
            [HelseIdClaims.OrganisationChild] = DemoIdentities.GpOfficeOrg,
            [HelseIdClaims.SecurityLevel] = "4",
            ["name"] = "Kari Nordmann",
        });
        using var browser = app.Browser();

        var (url, response, _) = await browser.GetAsync($"{OidcSignIn.StartPath}/{OidcProviders.HelseId}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        url.AbsolutePath.ShouldBe("/henvisninger");
    }

    [Fact]
    public async Task HelseID_below_level_4_is_refused()
    {
        app.Provider.NextUser = new LocalOidcUser("helseid-kari-3", new Dictionary<string, string>
        {
            [HelseIdClaims.HprNumber] = DemoIdentities.GpHpr,
            [HelseIdClaims.OrganisationChild] = DemoIdentities.GpOfficeOrg,
            [HelseIdClaims.SecurityLevel] = "3",
        });
        using var browser = app.Browser();

        var (url, _, body) = await browser.GetAsync($"{OidcSignIn.StartPath}/{OidcProviders.HelseId}");

        url.AbsolutePath.ShouldBe(OidcSignIn.RefusedPath);
        body.ShouldContain("sikkerhetsnivå 4");
    }
}

/// <summary>A client that signs its assertion with a key the provider does not know gets no session.</summary>
public sealed class OidcClientKeyTests(UnknownClientKeyFactory app) : IClassFixture<UnknownClientKeyFactory>
{
    [Fact]
    public async Task A_client_assertion_signed_with_an_unknown_key_is_refused_at_the_token_endpoint()
    {
        app.Provider.NextUser = new LocalOidcUser("idporten-anne-key", new Dictionary<string, string> { ["pid"] = DemoIdentities.ParticipantAnneFnr, ["acr"] = "idporten-loa-high" });
        using var browser = app.Browser();

        var (url, _, _) = await browser.GetAsync($"{OidcSignIn.StartPath}/{OidcProviders.IdPorten}");

        url.AbsolutePath.ShouldBe(OidcSignIn.FailedPath);
        app.Provider.AcceptedAssertions.ShouldBe(0);
        (await browser.GetAsync("/mine-resepter")).Url.AbsolutePath.ShouldBe("/logg-inn");
    }
}
