using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// The municipality's workplace: the coordinator routes a waiting frisklivsresept to a contracted gym, and a person in
/// a shared position chooses the role to act in and sees only what it gives.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MunicipalJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Coordinator = "Oslo kommune, koordinator";
    private const string Siri = "Siri Sterk, delt stilling (treningssenter og kommune)";

    [Fact]
    public async Task The_coordinator_routes_a_waiting_referral_to_a_contracted_gym()
    {
        var frisklivs = app.ApiAs(Roles.Referrer, DemoIdentities.HealthyLifeCentreHpr, DemoIdentities.OsloKommuneOrg);
        var issued = await frisklivs.PostAsJsonAsync("/api/prescriptions", new
        {
            participant = new { nationalId = UiSession.NewNationalId(), givenName = "Randi", familyName = "Rutesen", kommunenummer = "0301" },
            reasonCode = "A97",
            reasonText = "Fysisk inaktivitet",
            goals = "Trene jevnlig sammen med andre",
            activityTypes = new[] { "GroupClass" },
            sessionsPerWeek = 2,
            minutesPerSession = 60,
            startDate = app.Today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            durationWeeks = 12,
            confirmationIntervalWeeks = 4,
            funding = "Municipality",
        });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Coordinator);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Ventende henvisninger" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ventende henvisninger", Level = 1 })).ToBeVisibleAsync();
        var row = page.GetByTestId("waiting-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Randi Rutesen" });
        await Expect(row).ToContainTextAsync("Ikke sendt");
        await Expect(row).ToContainTextAsync("Lise Frisk");
        await ui.AssertAccessibleAsync("waiting referrals");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("waiting referrals at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Send henvisning: Randi Rutesen", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("bare treningssentre med aktiv avtale med kommunen")).ToBeVisibleAsync();
        // Oslo pays, and Oslo's only contract is with Aktiv Trening Oslo: Sterk Hverdag, nearby and free, is not offered.
        await Expect(page.GetByLabel(new Regex("Sterk Hverdag"))).ToHaveCountAsync(0);
        await ui.AssertAccessibleAsync("route referral");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("route referral at 390 px");
        await ui.ScreenshotAsync("route-referral-390");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByRole(AriaRole.Button, new() { Name = "Send til valgt treningssted" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await page.GetByLabel(new Regex("Aktiv Trening Grünerløkka")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send til valgt treningssted" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Henvisningen er sendt til treningssenteret.");
        var sent = page.GetByTestId("waiting-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Randi Rutesen" });
        await Expect(sent).ToContainTextAsync("Aktiv Trening Oslo AS – Aktiv Trening Grünerløkka");
        await ui.AssertAccessibleAsync("waiting referrals after sending");
    }

    [Fact]
    public async Task A_person_in_a_shared_position_chooses_a_role_and_sees_only_what_it_gives()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.GotoAsync("/logg-inn");
        await page.GetByRole(AriaRole.Button, new() { Name = Siri, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Velg rolle", Level = 1 })).ToBeVisibleAsync();
        // No role yet, but the header says who is signed in and offers the way out.
        await Expect(page.Locator(".account")).ToContainTextAsync("Siri Sterk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg ut" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/logg-inn"));
        await page.GetByRole(AriaRole.Button, new() { Name = Siri, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Velg rolle", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("role chooser");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("role chooser at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByRole(AriaRole.Button, new() { Name = "Oslo kommune: Kommune" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kommunens side", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".account")).ToContainTextAsync("Kommune – Oslo kommune");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Delte stillinger" }).ClickAsync();
        var siri = page.GetByTestId("staff-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Siri Sterk" });
        await Expect(siri).ToContainTextAsync("Ja, også hos:");
        await Expect(siri).ToContainTextAsync("Aktiv Trening Oslo AS: Personlig trener, 60 %");
        await ui.AssertAccessibleAsync("municipal staff");

        // Acting for the municipality she has no participants of her own.
        await ui.GotoAsync("/trener");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ingen tilgang", Level = 1 })).ToBeVisibleAsync();
        // The refusal keeps the signed-in header: who, in which role, the role chooser and sign-out.
        await Expect(page.Locator(".account")).ToContainTextAsync("Kommune – Oslo kommune");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Bytt rolle" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logg ut" })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("access denied");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("access denied at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        await ui.GotoAsync("/kommune");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bytt rolle" }).ClickAsync();
        await Expect(page.GetByText("rollen du bruker nå")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Aktiv Trening Oslo AS: Trener" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mine deltakere", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Oversikt" })).ToHaveCountAsync(0);

        // Acting as the gym's trainer the municipality's pages are closed to her.
        await ui.GotoAsync("/kommune/oversikt");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ingen tilgang", Level = 1 })).ToBeVisibleAsync();
        await ui.GotoAsync("/trener");
        await ui.SignOutAsync();

        await ui.SignInAsAsync("Aktiv Trening Oslo AS (administrator)");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Trenere" }).ClickAsync();
        await Expect(page.GetByTestId("staff-table").Locator("tr[data-shared='true']")).ToContainTextAsync("Siri Sterk");
        await Expect(page.GetByTestId("staff-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Per Aktiv" })).ToContainTextAsync("Nei");
        await ui.AssertAccessibleAsync("gym trainers");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("gym trainers at 390 px");
    }
}

/// <summary>The overview over the full demo (a year of Oslo and Bergen history), so its figures are above the suppression limit.</summary>
[Collection(ContractBrowserCollection.Name)]
public sealed class MunicipalOverviewTests(ContractDemoApp demo, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_coordinator_reads_the_overview_sorts_providers_and_downloads_a_table()
    {
        await using var ui = await UiSession.OpenAsync(browser, demo.App, output);
        var page = ui.Page;
        await ui.SignInAsAsync("Oslo kommune, koordinator");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Oversikt" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Oversikt – Oslo", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("flow-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("flow-chart").Locator("rect.flow-chart__bar").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("months-table").GetByRole(AriaRole.Row)).ToHaveCountAsync(13);
        await Expect(page.GetByTestId("providers-table")).ToContainTextAsync("Aktiv Trening Oslo AS");
        await ui.AssertAccessibleAsync("overview");
        await ui.ScreenshotAsync("overview");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("overview at 390 px");
        await ui.ScreenshotAsync("overview-390");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByTestId("locations-table").GetByRole(AriaRole.Link, new() { Name = "Ledige" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("sortering=free"));
        await Expect(page.GetByTestId("locations-table").Locator("th[aria-sort='descending']")).ToContainTextAsync("Ledige");

        var href = await page.GetByRole(AriaRole.Link, new() { Name = "Last ned som CSV: Henvisninger og forløp per måned" }).GetAttributeAsync("href");
        var csv = await page.APIRequest.GetAsync(demo.App.BaseUrl + href);
        csv.Status.ShouldBe(200);
        (await csv.TextAsync()).ShouldStartWith("kommunenummer,month,referrals,starters,active,completed,dropouts\r\n0301,");
    }
}
