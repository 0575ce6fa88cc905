using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>«Aktiv på dagtid» at the gym: the instructor, on a phone, takes the roll of today's class.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProgrammeInstructorJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Trainer = "Per Aktiv, Aktiv-instruktør";

    [Fact]
    public async Task The_instructor_marks_attendance_on_a_phone_undoes_a_mark_and_closes_the_session()
    {
        var title = "Styrke " + Guid.NewGuid().ToString("N")[..6];
        var session = await app.TodaysClassAsync(title, ("Kari", "Oppmøte"), ("Ola", "Borte"), ("Siv", "Sen"));

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Trainer);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Aktiv på dagtid" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aktiv på dagtid – mine timer", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("instructor sessions at 1280 px");

        await page.SetViewportSizeAsync(390, 844);
        var today = page.GetByRole(AriaRole.Region, new() { Name = "I dag" });
        var card = today.GetByRole(AriaRole.Link).Filter(new() { HasText = title });
        await Expect(card).ToContainTextAsync("3 av 12 plasser tatt");
        await ui.AssertAccessibleAsync("instructor sessions at 390 px");
        await card.ClickAsync();
        await page.WaitForURLAsync(new Regex($"/trener/aktiv-pa-dagtid/{session}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Påmeldte (3)" })).ToBeVisibleAsync();
        var rows = page.GetByTestId("register-row");
        await Expect(rows).ToHaveTextAsync([new Regex("^Kari O\\."), new Regex("^Ola B\\."), new Regex("^Siv S\\.")]);
        await ui.AssertAccessibleAsync("session register at 390 px");
        await ui.ScreenshotAsync("programme-register-390");

        var kari = rows.Filter(new() { HasText = "Kari O." });
        var ola = rows.Filter(new() { HasText = "Ola B." });
        var tap = await kari.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Møtt") }).BoundingBoxAsync();
        tap!.Height.ShouldBeGreaterThanOrEqualTo(44);
        await kari.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Møtt") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Oppmøtet er lagret.");
        await Expect(kari.GetByTestId("register-status")).ToHaveTextAsync("Møtt");

        await ola.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Møtt") }).ClickAsync();
        await Expect(ola.GetByTestId("register-status")).ToHaveTextAsync("Møtt");
        await ola.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Angre") }).ClickAsync();
        await Expect(ola.GetByTestId("register-status")).ToHaveTextAsync("Ikke registrert");

        await page.GetByRole(AriaRole.Button, new() { Name = "Avslutt timen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Timen er avsluttet.");
        await Expect(kari.GetByTestId("register-status")).ToHaveTextAsync("Møtt");
        await Expect(ola.GetByTestId("register-status")).ToHaveTextAsync("Ikke møtt");
        await Expect(rows.Filter(new() { HasText = "Siv S." }).GetByTestId("register-status")).ToHaveTextAsync("Ikke møtt");
        await ui.AssertAccessibleAsync("closed register at 390 px");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Melding", Exact = true }).FillAsync("Husk medisinene");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send melding" }).ClickAsync();
        await Expect(page.Locator("#f-text-error")).ToContainTextAsync("helse");
        await ui.AssertAccessibleAsync("message refused at 390 px");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Melding", Exact = true }).FillAsync("Takk for i dag!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send melding" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Meldingen er sendt til 3 påmeldte.");
        await ui.ScreenshotAsync("programme-register-closed-390");
    }
}
