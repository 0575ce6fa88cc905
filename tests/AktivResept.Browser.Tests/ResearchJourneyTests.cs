using System.IO.Compression;
using AktivResept.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// Research (issue 17): the demo researcher opens «Forskning», is told per field what is wrong with an empty form,
/// creates a project, sees its variables and the consenting persons, downloads a CSV export (a zip with the data and
/// its dictionary) and finds it in the history; axe-clean at 390 and 1280 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ResearchJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_researcher_creates_a_project_and_downloads_an_export()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await page.SetViewportSizeAsync(390, 844);
        await ui.SignInAsAsync("Forsker, Helsefunn-følgeforskningen");
        await page.GotoAsync($"{app.BaseUrl}/forskning");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Forskningsprosjekter", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("research projects at 390 px");

        await page.GetByRole(AriaRole.Link, new() { Name = "Opprett prosjekt" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nytt forskningsprosjekt", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett prosjektet" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("REK-nummer");
        await ui.AssertAccessibleAsync("new research project with errors at 390 px");

        await page.GetByLabel("Tittel").FillAsync("Styrketrening og sykefravær");
        await page.GetByLabel("REK-nummer").FillAsync("2026/424242");
        await page.GetByLabel("Formål").FillAsync("Virker styrketrening på resept inn på sykefraværet?");
        await page.GetByLabel("Periode fra").FillAsync("2026-01-01");
        await page.GetByLabel("Periode til").FillAsync("2028-12-31");
        await page.GetByLabel("Kjønn").CheckAsync();
        await page.GetByLabel("Aldersgruppe ved henvisning").CheckAsync();
        await page.GetByLabel("Henvisningsdato").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett prosjektet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Styrketrening og sykefravær", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Prosjektet er opprettet, med sin egen pseudonymnøkkel.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("research-variables")).ToContainTextAsync("age_band");
        await Expect(page.GetByTestId("consenting")).ToHaveTextAsync("0");
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways at 390 px");
        await ui.AssertAccessibleAsync("research project at 390 px");

        await page.SetViewportSizeAsync(1280, 900);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync());
        download.SuggestedFilename.ShouldEndWith("-csv.zip");
        using (var zip = ZipFile.OpenRead((await download.PathAsync())!))
        {
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ShouldBe(["data.csv", "dictionary.json"]);
            using var reader = new StreamReader(zip.GetEntry("data.csv")!.Open());
            (await reader.ReadLineAsync()).ShouldBe("pseudonym,consent_version,consent_date,age_band,sex,referral_date");
        }

        await page.ReloadAsync();
        await Expect(page.GetByTestId("research-exports")).ToContainTextAsync("CSV");
        await ui.AssertAccessibleAsync("research project with its export history at 1280 px");
        await page.GotoAsync($"{app.BaseUrl}/forskning");
        await Expect(page.GetByTestId("research-projects")).ToContainTextAsync("Styrketrening og sykefravær");
        await ui.AssertAccessibleAsync("research projects at 1280 px");
    }
}
