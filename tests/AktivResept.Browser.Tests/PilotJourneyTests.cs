using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Payers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// The coordinator sets up a pilot: a municipality without an active contract is refused by name, then the pilot is
/// created, a resident is enrolled (first without consent, which the form names) and the progress chart and figures
/// show the enrolment against the target.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PilotJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Drammen = "Drammen kommune";
    private const string DrammenOrg = "999900011";

    [Fact]
    public async Task The_coordinator_sets_up_a_pilot_is_refused_a_municipality_without_a_contract_and_follows_enrolment()
    {
        await MunicipalityWithoutContractAsync();
        var resident = await OsloResidentAsync();
        var name = $"Helsefunn nettleser {Guid.NewGuid():N}"[..28];

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync("Oslo kommune, koordinator");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Piloter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Piloter", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sett opp ny pilot" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sett opp pilot", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("new pilot");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("new pilot at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByLabel("Navn", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Kohortmål (deltakere)").FillAsync("200");
        await page.GetByLabel("Innmelding fra").FillAsync(Iso(app.Today.AddDays(-10)));
        await page.GetByLabel("Innmelding til og med").FillAsync(Iso(app.Today.AddYears(1)));
        await page.GetByLabel(new Regex("^Oslo kommune")).CheckAsync();
        await page.GetByLabel($"{Drammen} (ingen aktiv avtale)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett pilot" }).ClickAsync();

        // The refusal names the municipality, and nothing was created.
        var summary = page.Locator(".error-summary");
        await Expect(summary).ToContainTextAsync($"{Drammen} har ingen aktiv avtale");
        await Expect(page.GetByLabel("Navn", new() { Exact = true })).ToHaveValueAsync(name);
        await ui.AssertAccessibleAsync("new pilot refused");
        (await PilotsNamedAsync(name)).ShouldBe(0);

        await page.GetByLabel($"{Drammen} (ingen aktiv avtale)").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett pilot" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Piloten er opprettet.");
        await Expect(page.GetByTestId("progress-headline")).ToContainTextAsync("0 innmeldt av mål 200");

        // Enrolment without the consent box ticked is refused and says why; with it, the participant is counted.
        await page.GetByLabel("Fødselsnummer").FillAsync(resident);
        await page.GetByRole(AriaRole.Button, new() { Name = "Meld inn", Exact = true }).ClickAsync();
        await Expect(summary).ToContainTextAsync("Innmelding krever deltakerens registrerte samtykke");
        await page.GetByLabel(new Regex("^Deltakeren har gitt samtykke")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Meld inn", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Deltakeren er meldt inn med samtykke.");

        await Expect(page.GetByTestId("progress-headline")).ToContainTextAsync("1 innmeldt av mål 200");
        var chart = page.GetByTestId("enrolment-chart").First;
        await Expect(chart).ToBeVisibleAsync();
        var thisMonth = app.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await Expect(chart.Locator($"g[data-month='{thisMonth}']")).ToHaveAttributeAsync("data-cumulative", "1");
        await Expect(page.GetByTestId("progress-table").Locator("tr[data-municipality='Oslo kommune'] [data-testid='enrolled']")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("enrolments")).ToContainTextAsync("Pia Pilot");
        await ui.AssertAccessibleAsync("pilot progress");
        await ui.ScreenshotAsync("pilot-progress");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("pilot progress at 390 px");
        await ui.ScreenshotAsync("pilot-progress-390");
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A municipality payer with no contract at all (the base demo has only Oslo's).</summary>
    private Task<int> MunicipalityWithoutContractAsync() => app.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<AktivDbContext>();
        if (await db.Payers.AnyAsync(p => p.OrganisationNumber == DrammenOrg))
        {
            return 0;
        }

        db.Payers.Add(new Payer { Kind = PayerKind.Municipality, Name = Drammen, OrganisationNumber = DrammenOrg, Kommunenummer = "3301", AccountIban = "NO8415030000118", Bic = "DNBANOKK" });
        return await db.SaveChangesAsync();
    });

    /// <summary>An Oslo resident known to AktivResept: registered by a frisklivsresept from the municipality's centre.</summary>
    private async Task<string> OsloResidentAsync()
    {
        var fnr = UiSession.NewNationalId();
        var frisklivs = app.ApiAs(Roles.Referrer, DemoIdentities.HealthyLifeCentreHpr, DemoIdentities.OsloKommuneOrg);
        var issued = await frisklivs.PostAsJsonAsync("/api/prescriptions", new
        {
            participant = new { nationalId = fnr, givenName = "Pia", familyName = "Pilot", kommunenummer = "0301" },
            reasonCode = "A97",
            reasonText = "Fysisk inaktivitet",
            goals = "Komme i gang med trening",
            activityTypes = new[] { "GroupClass" },
            sessionsPerWeek = 2,
            minutesPerSession = 60,
            startDate = Iso(app.Today.AddDays(7)),
            durationWeeks = 12,
            confirmationIntervalWeeks = 4,
            funding = "Municipality",
        });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        return fnr;
    }

    private Task<int> PilotsNamedAsync(string name) =>
        app.WithServicesAsync(s => s.GetRequiredService<AktivDbContext>().Pilots.CountAsync(p => p.Name == name));
}
