using System.Net;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Auth.Oidc;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Issue 21, "the chosen role when a person holds several": a citizen whose ID-porten sign-in finds several positions
/// (a shared position at a gym and a municipality) gets no role until they choose one, and only a position they hold
/// becomes the session's role.
/// </summary>
public sealed class OidcRoleChoiceTests(OidcApiFactory app) : IClassFixture<OidcApiFactory>
{
    [Fact]
    public async Task A_citizen_with_several_positions_chooses_the_role_and_only_a_held_one_is_granted()
    {
        app.Provider.NextUser = new LocalOidcUser("idporten-siri-roles", new Dictionary<string, string> { ["pid"] = DemoIdentities.TrainerSharedPositionFnr, ["acr"] = "idporten-loa-high" });
        using var browser = app.Browser();

        var (url, response, chooser) = await browser.GetAsync($"{OidcSignIn.StartPath}/{OidcProviders.IdPorten}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        url.AbsolutePath.ShouldBe(WebPaths.ChooseRole);
        chooser.ShouldContain($"value=\"{Roles.Trainer}:{DemoIdentities.AktivTreningOsloOrg}\"");
        chooser.ShouldContain($"value=\"{Roles.Municipality}:{DemoIdentities.OsloKommuneOrg}\"");
        // No role yet: a role's page is closed until one is chosen.
        (await browser.GetAsync("/kommune")).Url.AbsolutePath.ShouldNotBe("/kommune");

        (_, _, chooser) = await browser.GetAsync(WebPaths.ChooseRole);
        var (refused, _, _) = await browser.PostAsync(WebPaths.ChooseRole, new() { ["choice"] = $"{Roles.ProviderAdmin}:{DemoIdentities.AktivTreningOsloOrg}", ["__RequestVerificationToken"] = OidcBrowser.FormToken(chooser) });
        refused.AbsolutePath.ShouldBe(WebPaths.ChooseRole);

        (_, _, chooser) = await browser.GetAsync(WebPaths.ChooseRole);
        var (home, _, body) = await browser.PostAsync(WebPaths.ChooseRole, new() { ["choice"] = $"{Roles.Municipality}:{DemoIdentities.OsloKommuneOrg}", ["__RequestVerificationToken"] = OidcBrowser.FormToken(chooser) });
        home.AbsolutePath.ShouldBe(WebPaths.HomeFor(Roles.Municipality));
        body.ShouldContain("Bytt rolle");
        (await browser.GetAsync("/trener")).Url.AbsolutePath.ShouldNotBe("/trener");
    }
}
