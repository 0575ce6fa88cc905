using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>Concession contracts: the coordinator writes and activates one, reads the KPI dashboard and a drill-down; the gym reads its own.</summary>
[Collection(ContractBrowserCollection.Name)]
public sealed class ContractJourneyTests(ContractDemoApp demo, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Coordinator = "Oslo kommune, koordinator";
    private const string OsloGym = "Aktiv Trening Oslo AS (administrator)";
    private const string OsloContract = "Tjenestekonsesjon Aktiv Trening Oslo";

    [Fact]
    public async Task The_coordinator_creates_a_contract_with_KPIs_is_told_which_threshold_is_wrong_and_activates_it()
    {
        await using var coordinator = await UiSession.OpenAsync(browser, demo.App, output);
        var page = coordinator.Page;
        await coordinator.SignInAsAsync(Coordinator);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kommunens side", Level = 1 })).ToBeVisibleAsync();
        await coordinator.AssertAccessibleAsync("municipality home");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Kontrakter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kontrakter", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("contracts").GetByRole(AriaRole.Row).Filter(new() { HasText = OsloContract })).ToContainTextAsync("Aktiv");
        await coordinator.AssertAccessibleAsync("contracts list");

        await page.GetByRole(AriaRole.Link, new() { Name = "Ny kontrakt" }).ClickAsync();
        await page.GetByLabel("Treningssenter", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Sterk Hverdag AS" });
        await page.GetByLabel("Kontraktens navn").FillAsync("Konsesjon Sterk Hverdag 2027");
        await page.GetByLabel("Gjelder fra", new() { Exact = true }).FillAsync("2027-01-01");
        await page.GetByLabel("Gjelder til og med").FillAsync("2027-12-31");
        await page.GetByLabel("Treningssenterets medfinansiering").FillAsync("0,2");
        await coordinator.AssertAccessibleAsync("new contract");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett kontrakt" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Endre utkast til versjon 1", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Kontrakten er opprettet som utkast");
        for (var i = 1; i <= 3; i++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Legg til KPI" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Group, new() { Name = $"KPI {i}", Exact = true })).ToBeVisibleAsync();
        }

        await FillKpiAsync(page, 1, "Andel som fullfører", "0,6");
        await FillKpiAsync(page, 2, "Andel som faller fra", "0,2");
        await FillKpiAsync(page, 3, "Andel som når oppmøtemålet innen uke N", "1,5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre utkastet" }).ClickAsync();

        var summary = page.Locator(".error-summary");
        await Expect(summary).ToContainTextAsync("KPI 3, Krav:");
        var badThreshold = page.GetByRole(AriaRole.Group, new() { Name = "KPI 3", Exact = true }).GetByLabel("Krav", new() { Exact = true });
        await Expect(badThreshold).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(badThreshold).ToHaveValueAsync("1,5");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "KPI 1", Exact = true }).GetByLabel("Krav", new() { Exact = true })).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await coordinator.AssertAccessibleAsync("draft version with a field error");
        await page.SetViewportSizeAsync(390, 844);
        await coordinator.AssertAccessibleAsync("draft version with a field error at 390 px");
        await coordinator.ScreenshotAsync("contract-draft-error-390");
        await page.SetViewportSizeAsync(1280, 900);

        await badThreshold.FillAsync("0,75");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre utkastet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Utkastet er lagret.");
        var kpis = page.GetByTestId("version-kpis");
        await Expect(kpis.GetByRole(AriaRole.Row)).ToHaveCountAsync(4);
        await Expect(kpis).ToContainTextAsync("minst 75 %");
        await Expect(kpis).ToContainTextAsync("høyst 20 %");

        await page.GetByRole(AriaRole.Button, new() { Name = "Aktiver versjon 1" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Versjonen er aktivert.");
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Aktiv");
        await Expect(page.GetByTestId("versions")).ToContainTextAsync("Gjeldende");
        await coordinator.AssertAccessibleAsync("activated contract");
        await coordinator.ScreenshotAsync("contract-activated");
    }

    [Fact]
    public async Task The_coordinator_reads_the_KPI_dashboard_with_trend_charts_and_drills_down_into_a_figure()
    {
        await using var coordinator = await UiSession.OpenAsync(browser, demo.App, output);
        var page = coordinator.Page;
        await coordinator.SignInAsAsync(Coordinator);
        await coordinator.GotoAsync("/kommune/kontrakter");
        await page.GetByRole(AriaRole.Link, new() { Name = OsloContract }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = OsloContract, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("version-kpis").GetByRole(AriaRole.Row)).Not.ToHaveCountAsync(1);
        await coordinator.AssertAccessibleAsync("contract detail");

        await page.GetByRole(AriaRole.Link, new() { Name = "Se resultatene" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Resultater", Level = 1 })).ToBeVisibleAsync();
        var charts = page.GetByTestId("kpi-chart");
        (await charts.CountAsync()).ShouldBeGreaterThanOrEqualTo(6);
        (await page.Locator(".kpi-chart__period path.kpi-chart__marker").CountAsync()).ShouldBeGreaterThan(12);
        await Expect(page.Locator(".kpi .kpi-verdict").First).ToBeVisibleAsync();
        await coordinator.AssertAccessibleAsync("KPI dashboard");
        await coordinator.ScreenshotAsync("kpi-dashboard");
        await page.SetViewportSizeAsync(390, 844);
        await coordinator.AssertAccessibleAsync("KPI dashboard at 390 px");
        await coordinator.ScreenshotAsync("kpi-dashboard-390");
        await page.SetViewportSizeAsync(1280, 900);

        var csv = await page.Context.APIRequest.GetAsync((await page.GetByRole(AriaRole.Link, new() { Name = "Last ned resultatene som CSV" }).GetAttributeAsync("href"))!);
        csv.Status.ShouldBe(200);
        (await csv.TextAsync()).ShouldContain("completion-rate");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Vurderingsperiode" }).GetByRole(AriaRole.Link, new() { Name = "Kvartal" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("periode=Quarter"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Kvartal" })).ToHaveAttributeAsync("aria-current", "page");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Vurderingsperiode" }).GetByRole(AriaRole.Link, new() { Name = "Kontraktens perioder" }).ClickAsync();

        var completion = page.Locator(".kpi").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Andel som fullfører" }) });
        await completion.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Se hva tallet for .* bygger på") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Andel som fullfører, "), Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("explain-numerator")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(page.GetByTestId("explain-denominator")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(page.GetByTestId("revisions").GetByRole(AriaRole.Row)).Not.ToHaveCountAsync(1);
        var cohort = page.GetByTestId("cohort").Or(page.GetByTestId("cohort-suppressed"));
        await Expect(cohort).ToBeVisibleAsync();
        await coordinator.AssertAccessibleAsync("KPI drill-down");
        await page.SetViewportSizeAsync(390, 844);
        await coordinator.AssertAccessibleAsync("KPI drill-down at 390 px");
        await coordinator.ScreenshotAsync("kpi-drill-down-390");
    }

    [Fact]
    public async Task The_gym_admin_reads_its_contract_and_results_without_any_change_actions_or_benefit_breakdown()
    {
        await using var gym = await UiSession.OpenAsync(browser, demo.App, output);
        var page = gym.Page;
        await gym.SignInAsAsync(OsloGym);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Kontrakter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kontrakter", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ny kontrakt" })).ToHaveCountAsync(0);
        await gym.AssertAccessibleAsync("gym contracts");

        await page.GetByRole(AriaRole.Link, new() { Name = OsloContract }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = OsloContract, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Endre kontrakten" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(1); // only "Logg ut"
        await gym.AssertAccessibleAsync("gym contract");

        await page.GetByRole(AriaRole.Link, new() { Name = "Se resultatene" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Resultater", Level = 1 })).ToBeVisibleAsync();
        (await page.GetByTestId("kpi-chart").CountAsync()).ShouldBeGreaterThan(0);
        var keys = await page.Locator(".kpi").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.kpi)");
        keys.ShouldNotContain(k => k.Contains("benefit=", StringComparison.Ordinal));
        await gym.AssertAccessibleAsync("gym KPI dashboard");
        await page.SetViewportSizeAsync(390, 844);
        await gym.AssertAccessibleAsync("gym KPI dashboard at 390 px");

        await page.Locator(".kpi").First.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Se hva tallet for") }).ClickAsync();
        await Expect(page.GetByTestId("explain-numerator")).ToBeVisibleAsync();
        await gym.AssertAccessibleAsync("gym KPI drill-down");
    }

    private static async Task FillKpiAsync(IPage page, int row, string metric, string threshold)
    {
        var kpi = page.GetByRole(AriaRole.Group, new() { Name = $"KPI {row}", Exact = true });
        await kpi.GetByLabel("Måltall").SelectOptionAsync(new SelectOptionValue { Label = metric });
        await kpi.GetByLabel("Krav", new() { Exact = true }).FillAsync(threshold);
        await kpi.GetByLabel("Vurderingsperiode").SelectOptionAsync(new SelectOptionValue { Label = "Kvartal" });
        await kpi.GetByLabel("Minste antall deltakere").FillAsync("5");
    }
}
