using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>A citizen signs in through (a local) ID-porten in Chromium; a sign-in at too low a level is refused.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OidcSignInJourneyTests(OidcBrowserApp app, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<OidcBrowserApp>
{
    private static LocalOidcUser Citizen(string subject, string pid, string acr) =>
        new(subject, new Dictionary<string, string> { ["pid"] = pid, ["acr"] = acr });

    [Fact]
    public async Task A_citizen_signs_in_with_ID_porten_signs_out_and_a_too_low_level_is_refused()
    {
        app.Provider.NextUser = Citizen("idporten-anne-browser", DemoIdentities.ParticipantAnneFnr, "idporten-loa-high");
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;

        await ui.GotoAsync("/logg-inn");
        await ui.AssertAccessibleAsync("sign-in with ID-porten");
        await page.GetByRole(AriaRole.Link, new() { Name = "Logg inn med ID-porten" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min side", Level = 1 })).ToBeVisibleAsync();

        await ui.SignOutAsync();
        app.Provider.EndedFor.ShouldContain("idporten-anne-browser");

        // Someone else at the keyboard, signed in to ID-porten with MinID (substantial).
        app.Provider.NextUser = Citizen("idporten-bjorn-low", DemoIdentities.ParticipantBjornFnr, "idporten-loa-substantial");
        await page.GetByRole(AriaRole.Link, new() { Name = "Logg inn med ID-porten" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Du må logge inn på et høyere sikkerhetsnivå", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("level-needed")).ToContainTextAsync("sikkerhetsnivå høyt");
        await ui.AssertAccessibleAsync("refused level, wide");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("refused level, narrow");

        await ui.GotoAsync("/mine-resepter");
        await page.WaitForURLAsync(new Regex("/logg-inn"));
    }
}
