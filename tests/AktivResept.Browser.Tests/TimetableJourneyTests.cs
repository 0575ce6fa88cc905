using System.Globalization;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// «Aktiv på dagtid»: the coordinator builds a timetable (programme, term, weekly class — first with a field error) and
/// cancels a date; anyone, signed out, finds the municipality's timetable and its free places on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TimetableJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Coordinator = "Oslo kommune, koordinator";

    [Fact]
    public async Task The_coordinator_builds_a_timetable_and_the_public_page_shows_its_free_places()
    {
        // Arrange: start from a timetable with no running programme, whatever other journeys made.
        await app.WithServicesAsync(sp => sp.GetRequiredService<AktivDbContext>().Programmes.ExecuteUpdateAsync(u => u.SetProperty(p => p.EndedAt, BrowserApp.Start)));
        var first = app.Today.AddDays(1);
        var holiday = NextTuesday(first).AddDays(7);
        string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Coordinator);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Aktiv på dagtid" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aktiv på dagtid – timeplan", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("programme list");

        await page.GetByLabel("Navn", new() { Exact = true }).FillAsync("Aktiv på dagtid Oslo");
        await page.GetByLabel("Drives av").SelectOptionAsync(new SelectOptionValue { Label = "Kommunen" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett tilbud" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aktiv på dagtid Oslo", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Navn", new() { Exact = true }).FillAsync("Vinter");
        await page.GetByLabel("Første dag").FillAsync(Iso(first));
        await page.GetByLabel("Siste dag").FillAsync(Iso(first.AddDays(41)));
        await page.GetByLabel(new Regex("^Fridager")).FillAsync(Iso(holiday));
        await page.GetByRole(AriaRole.Button, new() { Name = "Legg til periode" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Perioden er lagt til.");

        // A class without a title and with a nonsense duration: the form names both fields.
        await page.GetByLabel("Aktivitet").SelectOptionAsync(new SelectOptionValue { Label = "Styrke" });
        await page.GetByLabel("Sted").SelectOptionAsync(new SelectOptionValue { Label = "Aktiv Trening Grünerløkka" });
        await page.GetByLabel("Sal eller rom").FillAsync("Sal 1");
        await page.GetByLabel(new Regex("^Gulvareal")).FillAsync("40");
        await page.GetByLabel(new Regex("^Antall plasser")).FillAsync("12");
        await page.GetByLabel("Instruktør").SelectOptionAsync(new SelectOptionValue { Label = "Siri Sterk" });
        await page.GetByLabel("Ukedag").SelectOptionAsync(new SelectOptionValue { Value = "Tuesday" });
        await page.GetByLabel("Starttid").FillAsync("10:00");
        await page.GetByLabel("Varighet (minutter)").FillAsync("5");
        await page.GetByLabel("Intensitet").SelectOptionAsync(new SelectOptionValue { Value = "Moderate" });
        await page.GetByLabel("Heis").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Legg inn timen" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Tittel")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Varighet (minutter)")).ToHaveAttributeAsync("aria-invalid", "true");
        await ui.AssertAccessibleAsync("series form with field errors");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("series form with field errors at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByLabel("Tittel").FillAsync("Styrke for nybegynnere");
        await page.GetByLabel("Varighet (minutter)").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Legg inn timen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Timen er lagt inn for resten av perioden.");
        await Expect(page.GetByTestId("series")).ToContainTextAsync("Styrke for nybegynnere");
        await Expect(page.GetByTestId("series")).ToContainTextAsync("10 plasser");
        var sessions = page.GetByTestId("sessions").GetByRole(AriaRole.Row).Filter(new() { HasText = "Styrke for nybegynnere" });
        await Expect(sessions.First).ToContainTextAsync("0 / 10");
        await ui.AssertAccessibleAsync("programme with a weekly class");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("programme with a weekly class at 390 px");
        await ui.ScreenshotAsync("timetable-programme-390");
        await page.SetViewportSizeAsync(1280, 900);

        await sessions.First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Avlys en dato", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Årsak").FillAsync("Salen er stengt for vedlikehold");
        await page.GetByRole(AriaRole.Button, new() { Name = "Avlys datoen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Datoen er avlyst");
        await Expect(page.GetByTestId("sessions")).ToContainTextAsync("Avlyst: Salen er stengt for vedlikehold");
        await ui.SignOutAsync();

        // Signed out: the public timetable, found from the menu, readable on a phone.
        await page.SetViewportSizeAsync(390, 844);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Aktiv på dagtid – timeplan" }).ClickAsync();
        await ui.AssertAccessibleAsync("municipality chooser at 390 px");
        await page.GetByRole(AriaRole.Link, new() { Name = "Oslo", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aktiv på dagtid i Oslo", Level = 1 })).ToBeVisibleAsync();
        var listed = page.GetByTestId("session").Filter(new() { HasText = "Styrke for nybegynnere" });
        await Expect(listed.Filter(new() { HasText = "10 av 10 plasser ledige" }).First).ToBeVisibleAsync();
        await Expect(listed.Filter(new() { HasText = "Avlyst: Salen er stengt for vedlikehold" })).ToHaveCountAsync(1);
        await Expect(page.GetByText(holiday.ToString("d", CultureInfo.GetCultureInfo("nb-NO")), new() { Exact = false })).ToHaveCountAsync(0);
        await ui.AssertAccessibleAsync("public timetable at 390 px");
        await ui.ScreenshotAsync("public-timetable-390");
        await page.SetViewportSizeAsync(1280, 900);
        await ui.AssertAccessibleAsync("public timetable");
    }

    private static DateOnly NextTuesday(DateOnly from) => from.AddDays(((int)DayOfWeek.Tuesday - (int)from.DayOfWeek + 7) % 7);
}
