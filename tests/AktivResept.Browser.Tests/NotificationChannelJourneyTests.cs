using AktivResept.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>A GP's organisation chooses how its referrers hear about their referrals: dialogmelding, with its HER-id.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationChannelJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Gp = "Kari Nordmann, fastlege";

    [Fact]
    public async Task A_GP_sets_the_organisations_channel_to_dialogmelding_with_its_HER_id_and_a_bad_HER_id_is_named()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Varslingskanal" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Varslingskanal for virksomheten", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("notification channel");

        await page.GetByLabel("Kanal").SelectOptionAsync(new SelectOptionValue { Label = "Dialogmelding til journalsystemet" });
        await page.GetByLabel("HER-id").FillAsync("81429A7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre varslingskanal" }).ClickAsync();
        await Expect(page.Locator("#f-herId-error")).ToContainTextAsync("HER-id");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Varslingskanal for virksomheten", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("notification channel with an error");

        await page.GetByLabel("HER-id").FillAsync("8142987");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre varslingskanal" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Varslingskanalen er lagret");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Dialogmelding til journalsystemet");

        // What was saved is what the page shows when opened again, also on a phone.
        await page.SetViewportSizeAsync(390, 844);
        await ui.GotoAsync("/henvisninger/varslingskanal");
        await Expect(page.GetByLabel("HER-id")).ToHaveValueAsync("8142987");
        await Expect(page.GetByLabel("Kanal")).ToHaveValueAsync("Dialogmelding");
        await ui.AssertAccessibleAsync("notification channel at 390 px");
        await ui.ScreenshotAsync("notification-channel");
    }
}
