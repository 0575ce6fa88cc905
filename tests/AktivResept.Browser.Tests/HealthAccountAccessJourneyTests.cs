using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.HealthAccounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// The health account (issue 16) as the payer and the researcher see it, over the full demo with its pilot and the
/// history's claims approved (<see cref="DemoClaims"/>): the Oslo payer opens the account of its concession contract
/// (costs from the approved claims) and gets the not-found page for Oslo's municipality account, which is the
/// coordinator's; the researcher lands on the account list, opens the pilot's account and downloads the CSV.
/// </summary>
[Collection(HealthAccountBrowserCollection.Name)]
public sealed class HealthAccountAccessJourneyTests(HealthAccountDemoApp demo, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_payer_opens_the_account_of_its_contract_with_costs_and_gets_not_found_for_a_scope_it_may_not_see()
    {
        await using var ui = await UiSession.OpenAsync(browser, demo.App, output);
        var page = ui.Page;
        await ui.SignInAsAsync("Oslo kommune, refusjon");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Helseregnskap" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Helseregnskap", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("scopes-municipality")).ToHaveCountAsync(0);
        var contract = page.GetByTestId("scopes-contract").GetByRole(AriaRole.Link).First;
        var scopeName = (await contract.TextContentAsync())!.Trim();
        await contract.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Helseregnskap – {scopeName}", Level = 1 })).ToBeVisibleAsync();
        var municipalityRow = page.GetByTestId("cost-table").GetByRole(AriaRole.Row, new() { Name = "Kommunen" });
        var claims = (await municipalityRow.Locator("td").First.TextContentAsync())!.Trim();
        claims.ShouldNotBe("0,00 kr", "the demo's approved claims give the contract's account costs");
        claims.ShouldEndWith("kr");
        await ui.AssertAccessibleAsync("health account of a contract");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("health account of a contract at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        // Oslo's municipality account is the coordinator's: the payer gets the same page as for a scope that does not exist.
        var response = await page.GotoAsync(page.Url.Split("/helseregnskap")[0] + "/helseregnskap/municipality/0301");
        response!.Status.ShouldBe(404);
        await Expect(page.GetByText("Siden finnes ikke, eller du har ikke tilgang til den.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cost-table")).ToHaveCountAsync(0);
        await ui.AssertAccessibleAsync("health account not found");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("health account not found at 390 px");
    }

    [Fact]
    public async Task The_researcher_lands_on_the_account_list_opens_the_pilot_and_downloads_the_csv()
    {
        await using var ui = await UiSession.OpenAsync(browser, demo.App, output);
        var page = ui.Page;
        await ui.SignInAsAsync("Forsker, Helsefunn-følgeforskningen");
        await page.WaitForURLAsync(new Regex("/helseregnskap$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Helseregnskap", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("researcher's health account scopes");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("researcher's health account scopes at 390 px");
        await page.SetViewportSizeAsync(1280, 900);
        var pilot = page.GetByTestId("scopes-pilot").GetByRole(AriaRole.Link, new() { Name = DemoPilot.Name });
        await pilot.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Helseregnskap – {DemoPilot.Name}", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("funnel-chart")).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("pilot's health account");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("pilot's health account at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Last ned tallene som CSV" }).ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".csv");
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe(HealthAccountCsv.Header);
        lines.ShouldContain(l => l.StartsWith("scope,", StringComparison.Ordinal) && l.Contains(DemoPilot.Name, StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("funnel,total,referred,", StringComparison.Ordinal));
    }
}

/// <summary>
/// The full demo as <c>seed-demo</c> makes it, without the programmes: the base data, the year of history, the pilot and
/// the history's claims through the claims engine. Its own app and database, since the approved claims and the pilot
/// would change what the other journeys count.
/// </summary>
public sealed class HealthAccountDemoApp : IAsyncLifetime
{
    public BrowserApp App { get; } = new();

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        await App.WithServicesAsync(s => s.GetRequiredService<DemoHistory>().SeedAsync(CancellationToken.None));
        await App.WithServicesAsync(s => s.GetRequiredService<DemoPilot>().SeedAsync(CancellationToken.None));
        (await App.WithServicesAsync(s => s.GetRequiredService<DemoClaims>().SeedAsync(CancellationToken.None))).ShouldBeTrue();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class HealthAccountBrowserCollection : ICollectionFixture<HealthAccountDemoApp>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "health account browser";
}
