using System.Globalization;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// The health account (issue 16) over the full demo's year of Oslo courses: the coordinator opens Oslo's account,
/// switches an assumption and sees the figure it drives change, is told which value is out of range, and downloads the
/// PDF, whose text says the same.
/// </summary>
[Collection(ContractBrowserCollection.Name)]
public sealed class HealthAccountJourneyTests(ContractDemoApp demo, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Coordinator = "Oslo kommune, koordinator";
    private static readonly CultureInfo Bokmal = CultureInfo.GetCultureInfo("nb-NO");

    [Fact]
    public async Task The_coordinator_opens_the_account_switches_an_assumption_and_downloads_the_pdf()
    {
        await using var ui = await UiSession.OpenAsync(browser, demo.App, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Coordinator);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Helseregnskap" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Helseregnskap", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("health account scopes");
        var oslo = page.GetByTestId("scopes-municipality").GetByRole(AriaRole.Link).First;
        var scopeName = (await oslo.TextContentAsync())!.Trim();
        await oslo.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Helseregnskap – {scopeName}", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("effect-label")).ToHaveTextAsync("før–etter, ikke årsakssammenheng");
        await Expect(page.GetByTestId("funnel-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("assumptions")).ToContainTextAsync(Kroner(2_800m)); // the default daily cost of sick leave
        var before = (await page.GetByTestId("sick-leave-value").TextContentAsync())!.Trim();
        before.ShouldEndWith("kr", customMessage: "a year of Oslo courses has enough persons for the sick-leave value to be shown");
        await ui.AssertAccessibleAsync("health account");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("health account at 390 px");
        await ui.ScreenshotAsync("health-account-390");
        await page.SetViewportSizeAsync(1280, 900);

        // Half the daily cost: the page shows the new value and a sick-leave value computed with it.
        await page.GetByLabel("Kostnad per sykefraværsdag").FillAsync("1400");
        await page.GetByRole(AriaRole.Button, new() { Name = "Beregn på nytt" }).ClickAsync();
        await Expect(page.GetByTestId("assumptions")).ToContainTextAsync(Kroner(1_400m));
        await Expect(page.GetByTestId("sick-leave-value")).Not.ToHaveTextAsync(before);
        var after = (await page.GetByTestId("sick-leave-value").TextContentAsync())!.Trim();
        Amount(after).ShouldBe(Amount(before) / 2, 0.01m, "the value per participant is days changed times the daily cost");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var text = PdfText.Extract(pdf);
        text.ShouldContain($"Helseregnskap – {scopeName}");
        text.ShouldContain("før–etter, ikke årsakssammenheng");
        text.ShouldContain("Kostnad per sykefraværsdag");
        text.ShouldContain(Kroner(1_400m));
        text.ShouldContain(AktivResept.Server.Features.HealthAccounts.Pdf.PdfReportWriter.WinAnsi(after)); // a minus sign is written as a hyphen in the PDF

        // A value out of range: the summary names the field, and the page keeps what was typed.
        await page.GetByLabel("Diskonteringsrente per år").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Beregn på nytt" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Diskonteringsrente per år");
        await Expect(page.GetByLabel("Diskonteringsrente per år")).ToHaveValueAsync("12");
        await ui.AssertAccessibleAsync("health account with an error");
    }

    private static string Kroner(decimal amount) => amount.ToString("N2", Bokmal) + " kr";

    private static decimal Amount(string kroner) =>
        decimal.Parse(Regex.Replace(kroner, "[^0-9,\u2212-]", string.Empty).Replace('\u2212', '-'), NumberStyles.Number, Bokmal);
}
