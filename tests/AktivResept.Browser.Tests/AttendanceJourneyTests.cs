using System.Globalization;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Features.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>Attendance in, confirmation out: check-ins from a gym system and a trainer's registrations, seen in the UI.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AttendanceJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Gp = "Kari Nordmann, fastlege";
    private const string Trainer = "Per Aktiv, Aktiv-instruktør";
    private const string OsloGym = "Aktiv Trening Oslo AS (administrator)";

    [Fact]
    public async Task Check_ins_posted_through_the_signed_webhook_show_in_the_referrers_adherence_chart_and_inbox()
    {
        var memberRef = "M-" + Guid.NewGuid().ToString("N")[..8];
        var id = await app.AcceptedPrescriptionAsync("Webhook", "Oppmøtesen", memberRef);
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var now = app.Clock.GetUtcNow();
        // Two check-ins on one day count once (Domain/Adherence/CountableSession): three days attended.
        DateTimeOffset[] attended = [now.AddMinutes(-30), now.AddMinutes(-90), now.AddDays(-2), now.AddDays(-8)];
        var result = await app.PostSignedAsync(integration, [.. attended.Select(at => AttendanceArrange.CheckIn(location, memberRef, at))]);
        output.WriteLine(result.ToString());
        await app.RunAdherenceJobAsync();
        (await app.FanOutAsync()).ShouldBeGreaterThan(0);

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await ui.GotoAsync($"/henvisninger/{id}");
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Pågår");
        var adherence = page.GetByRole(AriaRole.Region, new() { Name = "Oppmøte" });
        await Expect(adherence.GetByTestId("adherence-attended")).ToHaveTextAsync(new Regex(@"^3 av \d+ økter$"));
        await Expect(adherence.GetByRole(AriaRole.Img, new() { Name = "Gjennomførte og foreskrevne økter per uke" })).ToBeVisibleAsync();
        await adherence.GetByText("Vis tallene som tabell").ClickAsync();
        foreach (var week in attended.Select(OsloCalendar.DateOf).Distinct().GroupBy(OsloCalendar.IsoWeekOf))
        {
            var (year, number) = week.Key;
            var bar = adherence.Locator($"g[data-week='{year}-W{number:00}']");
            await Expect(bar).ToHaveAttributeAsync("data-attended", week.Count().ToString(CultureInfo.InvariantCulture));
            await Expect(bar).ToContainTextAsync($"uke {number}");
            await Expect(adherence.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Uke {number}, {year}" }))
                .ToContainTextAsync(week.Count().ToString(CultureInfo.InvariantCulture));
        }

        await Expect(adherence).ToContainTextAsync("På sporet");
        await ui.AssertAccessibleAsync("referral detail with adherence");
        await ui.ScreenshotAsync("adherence-chart");

        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" });
        var inboxLink = menu.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Innboks") });
        await Expect(inboxLink).ToContainTextAsync("uleste");
        await inboxLink.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Innboks", Level = 1 })).ToBeVisibleAsync();
        // The fan-out also delivers what other tests' prescriptions said to the same GP, so find this one's message.
        var ours = page.Locator(".inbox__item").Filter(new() { HasText = "Ny status: Pågår – Webhook Oppmøtesen" });
        await Expect(ours).ToHaveCountAsync(1);
        await Expect(ours).ToContainTextAsync("Endret fra «Akseptert» til «Pågår».");
        await ui.AssertAccessibleAsync("inbox");
        await ui.ScreenshotAsync("inbox");

        var unreadBefore = await page.Locator(".inbox__item--unread").CountAsync();
        await ours.GetByRole(AriaRole.Button, new() { Name = "Merk som lest" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("merket som lest");
        await Expect(page.Locator(".inbox__item--unread")).ToHaveCountAsync(unreadBefore - 1);
        await Expect(ours.GetByRole(AriaRole.Button, new() { Name = "Merk som lest" })).ToHaveCountAsync(0);

        await ours.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/henvisninger/{id}$"));
        // Enhanced navigation changes the URL before it swaps the page: wait for the page itself before clicking on it.
        await Expect(adherence.GetByTestId("adherence-attended")).ToHaveTextAsync(new Regex(@"^3 av \d+ økter$"));

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        var english = page.GetByRole(AriaRole.Region, new() { Name = "Attendance" });
        await Expect(english.GetByTestId("adherence-attended")).ToHaveTextAsync(new Regex(@"^3 of \d+ sessions$"));
        await Expect(english).ToContainTextAsync("On track");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Inbox") }).ClickAsync();
        await Expect(page.Locator(".inbox__item").Filter(new() { HasText = "New status: Active – Webhook Oppmøtesen" })).ToHaveCountAsync(1);
        await ui.AssertAccessibleAsync("inbox in English");
    }

    [Fact]
    public async Task A_trainer_registers_a_session_after_correcting_the_fields_and_sees_it_counted()
    {
        var id = await app.AcceptedPrescriptionAsync("Trener", "Registrersen", memberRef: null);

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Trainer);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mine deltakere", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("trainer participants");
        await page.GetByRole(AriaRole.Link, new() { Name = "Trener Registrersen" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/trener/resepter/{id}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registrer økt" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Registrerte økter" })).ToContainTextAsync("Ingen økter er registrert ennå.");
        await ui.AssertAccessibleAsync("trainer prescription");

        var tomorrow = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), AktivResept.Server.Common.Time.Oslo.Zone).AddDays(1);
        await page.GetByLabel("Dato og klokkeslett").FillAsync(tomorrow.ToString("yyyy-MM-dd'T'18:00", CultureInfo.InvariantCulture));
        await page.GetByLabel("Varighet i minutter").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrer økten" }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Skjemaet har feil" });
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToBeFocusedAsync();
        await Expect(page.Locator("#f-occurredAt-error")).ToContainTextAsync("Kan ikke være fram i tid.");
        await Expect(page.Locator("#f-durationMinutes-error")).ToContainTextAsync("Må være mellom 1 og 1440.");
        await Expect(summary.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Varighet i minutter:") })).ToHaveAttributeAsync("href", "#f-durationMinutes");
        await Expect(page.GetByLabel("Varighet i minutter")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Varighet i minutter")).ToHaveValueAsync("0");
        await ui.AssertAccessibleAsync("register session with errors");
        await ui.ScreenshotAsync("register-session-errors");

        var yesterday = tomorrow.AddDays(-2);
        await page.GetByLabel("Type økt").SelectOptionAsync(new SelectOptionValue { Label = "Gruppetime" });
        await page.GetByLabel("Dato og klokkeslett").FillAsync(yesterday.ToString("yyyy-MM-dd'T'18:00", CultureInfo.InvariantCulture));
        await page.GetByLabel("Varighet i minutter").FillAsync("45");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrer økten" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Økten er registrert.");
        var sessions = page.GetByRole(AriaRole.Region, new() { Name = "Registrerte økter" });
        await Expect(sessions.GetByRole(AriaRole.Row).Filter(new() { HasText = "Gruppetime" })).ToContainTextAsync("45 min");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Oppmøte" }).GetByTestId("adherence-attended")).ToHaveTextAsync(new Regex(@"^1 av \d+ økter$"));
        await ui.ScreenshotAsync("trainer-prescription");
    }

    [Fact]
    public async Task A_provider_admin_links_an_unknown_member_check_in_to_a_prescription_and_dismisses_another_with_a_reason()
    {
        var id = await app.AcceptedPrescriptionAsync("Avstemt", "Medlemsen", memberRef: null);
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var unknown = "UKJENT-" + Guid.NewGuid().ToString("N")[..6];
        await app.PostSignedAsync(integration,
            AttendanceArrange.CheckIn(location, unknown, app.Clock.GetUtcNow().AddHours(-1)),
            AttendanceArrange.CheckIn(location, "FEIL-" + Guid.NewGuid().ToString("N")[..6], app.Clock.GetUtcNow().AddHours(-2)));

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(OsloGym);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Avstemming" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Avstemming av oppmøte", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("reconciliation");

        var wrong = page.GetByRole(AriaRole.Region).Filter(new() { HasText = "FEIL-" });
        await wrong.GetByRole(AriaRole.Button, new() { Name = "Avvis", Exact = true }).ClickAsync();
        wrong = page.GetByRole(AriaRole.Region).Filter(new() { HasText = "FEIL-" });
        await Expect(wrong.Locator(".field-error")).ToContainTextAsync("Fyll inn en begrunnelse.");
        await ui.AssertAccessibleAsync("reconciliation with errors");
        await wrong.GetByLabel("Begrunnelse").FillAsync("Testkort brukt av resepsjonen");
        await wrong.GetByRole(AriaRole.Button, new() { Name = "Avvis", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Hendelsen er avvist.");
        await Expect(page.GetByRole(AriaRole.Region).Filter(new() { HasText = "FEIL-" })).ToHaveCountAsync(0);

        var item = page.GetByRole(AriaRole.Region).Filter(new() { HasText = unknown });
        await item.GetByLabel("Henvisning").SelectOptionAsync(new SelectOptionValue { Label = $"Avstemt Medlemsen ({app.Today.AddDays(-14):dd.MM.yyyy})" });
        await ui.ScreenshotAsync("reconciliation");
        await item.GetByRole(AriaRole.Button, new() { Name = "Koble til henvisningen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("koblet til henvisningen");

        await ui.GotoAsync($"/tilbyder/henvisninger/{id}");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Oppmøte" }).GetByTestId("adherence-attended")).ToHaveTextAsync(new Regex(@"^1 av \d+ økter$"));
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Registrerte økter" })).ToContainTextAsync("Adgangssystem");
        await ui.AssertAccessibleAsync("provider prescription with adherence");
    }
}
