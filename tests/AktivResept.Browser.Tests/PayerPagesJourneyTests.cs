using System.Globalization;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Domain.Claims;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>The payer officer lands on the work waiting, and adds a tariff version while the version in force stays as it is.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PayerPagesJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string StatePayer = "Statens refusjonskontor, saksbehandler";

    [Fact]
    public async Task The_payer_lands_on_the_work_waiting_and_creates_a_new_tariff_version_leaving_the_one_in_force_untouched()
    {
        var inForce = await NationalTariffInForceAsync(ServiceType.DietGuidance);
        var today = app.Today;
        var newFrom = new DateOnly(today.Year + 1, 6, 1);

        await using var payer = await UiSession.OpenAsync(browser, app, output);
        var page = payer.Page;
        await payer.SignInAsAsync(StatePayer);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Arbeid som venter", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("work-review")).ToContainTextAsync("behandling");
        await Expect(page.GetByTestId("work-payments").GetByRole(AriaRole.Link, new() { Name = "Utbetalinger" })).ToHaveAttributeAsync("href", "/betaler/utbetalinger");
        await payer.AssertAccessibleAsync("payer landing page");
        await page.SetViewportSizeAsync(390, 844);
        await payer.AssertAccessibleAsync("payer landing page at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Takster" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Takster", Level = 1 })).ToBeVisibleAsync();
        var diet = page.GetByTestId("service-DietGuidance");
        await Expect(diet.GetByTestId("tariff-version")).ToHaveCountAsync(1);
        await Expect(diet.GetByTestId("tariff-version")).ToContainTextAsync("Gjelder nå");
        await Expect(diet.GetByTestId("tariff-version")).ToContainTextAsync("kr 400,00");
        await payer.AssertAccessibleAsync("payer tariffs");

        // A start in the past would change days the version in force has priced: refused, naming it.
        await page.GetByLabel("Tjeneste").SelectOptionAsync("DietGuidance");
        await page.GetByLabel("Pris", new() { Exact = true }).FillAsync("425,50");
        await page.GetByLabel("Gjelder fra").FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre ny versjon" }).ClickAsync();
        await Expect(page.Locator("#f-validFrom-error")).ToContainTextAsync("gjelder da og endres aldri");
        await Expect(page.Locator("#f-validFrom-error")).ToContainTextAsync("kr 400,00");
        await Expect(page.GetByLabel("Pris", new() { Exact = true })).ToHaveValueAsync("425,50");
        await payer.AssertAccessibleAsync("payer tariffs with errors");

        await page.GetByLabel("Gjelder fra").FillAsync(newFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre ny versjon" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "er lagret" })).ToContainTextAsync($"gjelder nå til og med {newFrom.AddDays(-1).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}");
        var rows = diet.GetByTestId("tariff-version");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("kr 400,00");
        await Expect(rows.Nth(0)).ToContainTextAsync("Gjelder nå");
        await Expect(rows.Nth(1)).ToContainTextAsync("kr 425,50");
        await Expect(rows.Nth(1)).ToContainTextAsync("Kommende");

        var after = await app.WithServicesAsync(services => services.GetRequiredService<AktivDbContext>().Tariffs.AsNoTracking().SingleAsync(t => t.Id == inForce.Id));
        (after.Price, after.Copay, after.ValidFrom).ShouldBe((inForce.Price, inForce.Copay, inForce.ValidFrom));
        after.ValidTo.ShouldBe(newFrom.AddDays(-1));
        await payer.AssertAccessibleAsync("payer tariffs after a new version");
        await page.SetViewportSizeAsync(390, 844);
        await payer.AssertAccessibleAsync("payer tariffs at 390 px");
        await payer.ScreenshotAsync("payer-tariffs-390");
    }

    private Task<Server.Features.Tariffs.TariffRecord> NationalTariffInForceAsync(ServiceType service) =>
        app.WithServicesAsync(async services =>
        {
            var tariffs = await services.GetRequiredService<AktivDbContext>().Tariffs.AsNoTracking().Where(t => t.ContractId == null && t.Service == service).ToListAsync();
            var id = Tariff.InForce(tariffs.Select(t => t.ToDomain()), service, app.Today)!.Id;
            return tariffs.Single(t => t.Id == id);
        });
}
