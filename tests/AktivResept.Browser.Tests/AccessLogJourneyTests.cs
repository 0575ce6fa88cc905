using System.Net;
using System.Net.Http.Json;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// Innsyn (issue 22): a participant opens «Hvem har sett opplysningene mine» from their start page and sees a
/// referrer's look-up with its purpose, and a gym's refused attempt; axe-clean on a desktop and at 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessLogJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_participant_sees_who_looked_them_up_and_why()
    {
        var physio = app.ApiAs(Roles.Referrer, DemoIdentities.PhysiotherapistHpr, DemoIdentities.PhysioOrg);
        (await physio.PostAsJsonAsync("/api/eligibility/check", new { nationalId = DemoIdentities.ParticipantAnneFnr, purpose = "ny-henvisning" })).EnsureSuccessStatusCode();
        var gym = app.ApiAs(Roles.ProviderAdmin, org: DemoIdentities.BergenHelsetreningOrg);
        (await gym.PostAsJsonAsync("/api/eligibility/check", new { nationalId = DemoIdentities.ParticipantAnneFnr, purpose = "ny-henvisning" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync("Anne Hansen, deltaker");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min side", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Se hvem som har sett opplysningene dine" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hvem har sett opplysningene mine", Level = 1 })).ToBeVisibleAsync();
        var entries = page.Locator("ol.access-log > li");
        var lookup = entries.Filter(new() { HasText = "Ola Fjell" }).Filter(new() { HasText = "Rett til ytelse fra NAV" }).First;
        await Expect(lookup).ToContainTextAsync("Ny henvisning");
        await Expect(lookup).ToContainTextAsync("Bergen Fysioterapi AS");
        await Expect(lookup).ToContainTextAsync($"HPR-nummer {DemoIdentities.PhysiotherapistHpr}");
        var refused = entries.Filter(new() { HasText = "Avvist forsøk" }).Filter(new() { HasText = "Bergen Helsetrening" }).First;
        await Expect(refused).ToContainTextAsync("Rett til ytelse fra NAV");
        await ui.AssertAccessibleAsync("access log");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("access log at 390 px");
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways at 390 px");
        await ui.ScreenshotAsync("access-log-390");
    }
}
