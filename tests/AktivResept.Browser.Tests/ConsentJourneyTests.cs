using AktivResept.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// Consent (issue 22): on a phone, a participant opens «Samtykkene mine» from her start page, is told why when she
/// forgets to tick the box, gives the contact consent and withdraws it in one step; axe-clean at 390 and 1280 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsentJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_participant_gives_and_withdraws_the_contact_consent_on_a_phone()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await page.SetViewportSizeAsync(390, 844);
        await ui.SignInAsAsync("Anne Hansen, deltaker");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Se og endre samtykkene dine" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Samtykkene mine", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("consents at 390 px");

        var offer = page.Locator("section").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Samtykke til å bli kontaktet" }) });
        await offer.GetByRole(AriaRole.Button, new() { Name = "Gi samtykke" }).ClickAsync();
        await Expect(page.GetByText("Kryss av for at du har lest teksten og samtykker.").First).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("consent refused without the box ticked");

        // Open research projects are offered too (issue 17): the contact consent is given in its own section.
        await offer.GetByLabel("Jeg har lest teksten og samtykker").CheckAsync();
        await offer.GetByRole(AriaRole.Button, new() { Name = "Gi samtykke" }).ClickAsync();
        await Expect(page.GetByText("Samtykket er gitt.")).ToBeVisibleAsync();
        var consent = page.Locator("ul.consents > li").Filter(new() { HasText = "Å bli kontaktet av frisklivssentralen" });
        await Expect(consent).ToContainTextAsync("Gjelder");
        await Expect(consent).ToContainTextAsync("av deg her");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Samtykke til å bli kontaktet" })).ToHaveCountAsync(0);
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways at 390 px");
        await ui.AssertAccessibleAsync("consent given at 390 px");

        await consent.GetByRole(AriaRole.Button, new() { Name = "Trekk samtykket" }).ClickAsync();
        await Expect(page.GetByText("Samtykket er trukket. Det gjelder fra nå.")).ToBeVisibleAsync();
        await Expect(consent.First).ToContainTextAsync("Trukket");
        await Expect(consent.GetByRole(AriaRole.Button, new() { Name = "Trekk samtykket" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Samtykke til å bli kontaktet" })).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await ui.AssertAccessibleAsync("consent withdrawn at 1280 px");
        await ui.ScreenshotAsync("consents-1280");
    }
}
