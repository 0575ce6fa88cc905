using AktivResept.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// Issue 14 on a phone: a citizen who also works at a gym and a municipality chooses to act as herself («deltaker») and
/// goes back to a position; a participant's own sign-ins and sign-outs are listed on «innsyn». Axe-clean at 390×844 and 1280×900.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ParticipantSessionJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Siri = "Siri Sterk, delt stilling (treningssenter og kommune)";

    [Fact]
    public async Task A_citizen_with_positions_chooses_to_be_a_participant_and_goes_back_to_a_position()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await page.SetViewportSizeAsync(390, 844);
        await ui.SignInAsAsync(Siri);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Velg rolle", Level = 1 })).ToBeVisibleAsync();
        var choices = page.GetByTestId("role-choices");
        await Expect(choices.GetByRole(AriaRole.Button, new() { Name = "Meg selv: deltaker" })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("role chooser with «deltaker» at 390 px");

        await choices.GetByRole(AriaRole.Button, new() { Name = "Meg selv: deltaker" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min side", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("a position holder's own start page at 390 px");
        await page.SetViewportSizeAsync(1280, 900);
        await ui.AssertAccessibleAsync("a position holder's own start page at 1280 px");
        await page.SetViewportSizeAsync(390, 844);

        // The way back.
        await page.GetByRole(AriaRole.Link, new() { Name = "Bytt rolle" }).ClickAsync();
        await Expect(page.GetByText("rollen du bruker nå")).ToBeVisibleAsync();
        await Expect(page.Locator("#role-participant")).ToContainTextAsync("rollen du bruker nå");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aktiv Trening Oslo AS: Trener" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mine deltakere", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_participant_sees_her_own_sign_ins_and_sign_outs_on_innsyn()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await page.SetViewportSizeAsync(390, 844);
        await ui.SignInAsAsync("Anne Hansen, deltaker");
        await ui.SignOutAsync();
        await ui.SignInAsAsync("Anne Hansen, deltaker");

        await ui.GotoAsync("/innsyn");
        var sessions = page.GetByTestId("sign-ins");
        await Expect(sessions.GetByRole(AriaRole.Heading, new() { Name = "Når du har logget inn og ut" })).ToBeVisibleAsync();
        var latest = sessions.GetByTestId("sign-in");
        await Expect(latest.Nth(0)).ToContainTextAsync("Du logget inn");
        await Expect(latest.Nth(0)).ToContainTextAsync("med testinnlogging");
        await Expect(latest.Nth(0)).ToContainTextAsync("sikkerhetsnivå høyt");
        await Expect(latest.Nth(1)).ToContainTextAsync("Du logget ut");
        await ui.AssertAccessibleAsync("sign-ins on innsyn at 390 px");
        await page.SetViewportSizeAsync(1280, 900);
        await ui.AssertAccessibleAsync("sign-ins on innsyn at 1280 px");
    }
}
