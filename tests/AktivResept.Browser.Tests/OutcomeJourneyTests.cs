using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// Issue 15 on a phone: the trainer records a 30-second sit-to-stand (after a refused, out-of-range entry) and a
/// 6-minute walk, the participant answers EQ-5D-5L (after being told which dimension she left out), and the referrer
/// sees a chart per measure with its clinically important change marked and the same figures in a table. Axe-clean at
/// 390 px at every step, and at 1280 px for the referrer.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OutcomeJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Trainer = "Per Aktiv, Aktiv-instruktør";
    private const string Participant = "Anne Hansen, deltaker";
    private const string Gp = "Kari Nordmann, fastlege";
    private const string SitToStand = "Reise-sette-seg-test, 30 sekunder";

    [Fact]
    public async Task The_trainer_records_tests_the_participant_answers_EQ5D_on_a_phone_and_the_referrer_sees_the_charts()
    {
        var id = await AcceptedForAnneAsync();

        await using (var trainer = await UiSession.OpenAsync(browser, app, output))
        {
            var page = trainer.Page;
            await page.SetViewportSizeAsync(390, 844);
            await trainer.SignInAsAsync(Trainer);
            await trainer.GotoAsync($"/trener/resepter/{id}");
            var outcomes = page.GetByRole(AriaRole.Region, new() { Name = "Måleresultater" });
            await Expect(outcomes.Locator("tr[data-timepoint='baseline']")).ToContainTextAsync("Nå");
            await Expect(outcomes).ToContainTextAsync("Ingen målinger ennå.");
            await trainer.AssertAccessibleAsync("trainer prescription with outcomes at 390 px");

            await outcomes.GetByRole(AriaRole.Link, new() { Name = SitToStand }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = SitToStand, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Tidspunkt")).ToHaveValueAsync("baseline");
            await trainer.AssertAccessibleAsync("record sit-to-stand at 390 px");

            // 95 repetitions in 30 seconds is a typo: refused, naming the field, and nothing is saved.
            await page.GetByLabel("Antall reisninger på 30 sekunder").FillAsync("95");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
            var summary = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Skjemaet har feil" });
            await Expect(summary).ToBeVisibleAsync();
            await Expect(summary.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Antall reisninger på 30 sekunder:") })).ToHaveAttributeAsync("href", "#f-values-value");
            await Expect(page.Locator("#f-values-value-error")).ToContainTextAsync("Må være mellom 0 og 60.");
            await Expect(page.GetByLabel("Antall reisninger på 30 sekunder")).ToHaveAttributeAsync("aria-invalid", "true");
            (await MeasurementsAsync(id)).ShouldBe(0);
            await trainer.AssertAccessibleAsync("refused sit-to-stand at 390 px");
            await trainer.ScreenshotAsync("outcome-refused-390");

            // Tested this morning: the time is when it was measured, not when it was typed in.
            await page.GetByLabel("Målt").FillAsync(app.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T08:00");
            await page.GetByLabel("Antall reisninger på 30 sekunder").FillAsync("12");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Målingen er lagret.");
            await Expect(outcomes.GetByRole(AriaRole.Img, new() { NameRegex = new Regex($"^{SitToStand}") })).ToBeVisibleAsync();

            await outcomes.GetByRole(AriaRole.Link, new() { Name = "6 minutters gangtest" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "6 minutters gangtest", Level = 1 })).ToBeVisibleAsync();
            await page.GetByLabel("Meter gått på 6 minutter").FillAsync("420");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Målingen er lagret.");
            await Expect(outcomes.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^6 minutters gangtest") })).ToBeVisibleAsync();
            (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways at 390 px");
            await trainer.AssertAccessibleAsync("trainer outcomes recorded at 390 px");
            (await MeasurementsAsync(id)).ShouldBe(2);
        }

        await using (var participant = await UiSession.OpenAsync(browser, app, output))
        {
            var page = participant.Page;
            await page.SetViewportSizeAsync(390, 844);
            await participant.SignInAsAsync(Participant);
            await participant.GotoAsync($"/mine-resepter/{id}");
            var outcomes = page.GetByRole(AriaRole.Region, new() { Name = "Måleresultater" });
            await outcomes.GetByRole(AriaRole.Link, new() { Name = "EQ-5D-5L (helserelatert livskvalitet)" }).ClickAsync();
            await Expect(page.GetByTestId("eq5d-placeholder")).ToContainTextAsync("plassholdertekst");
            await participant.AssertAccessibleAsync("EQ-5D-5L at 390 px");

            // Four of five dimensions and the VAS: the form names the one left out, and nothing is saved.
            string[] dimensions = ["Gange", "Personlig stell", "Vanlige gjøremål", "Smerter / ubehag"];
            foreach (var (dimension, level) in dimensions.Zip([2, 1, 2, 2]))
            {
                await page.GetByRole(AriaRole.Group, new() { Name = $"[Plassholder] {dimension}" }).GetByLabel(new Regex($"^{level} – ")).CheckAsync();
            }

            await page.GetByLabel("[Plassholder] Helsen din i dag, 0 (verst) til 100 (best)").FillAsync("70");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
            var summary = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Skjemaet har feil" });
            await Expect(summary).ToBeVisibleAsync();
            await Expect(summary.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^\[Plassholder\] Angst \/ depresjon:") })).ToBeVisibleAsync();
            (await MeasurementsAsync(id)).ShouldBe(2);
            await participant.AssertAccessibleAsync("incomplete EQ-5D-5L at 390 px");

            // The answers given are kept on the refused form; the missing one is added.
            await Expect(page.GetByRole(AriaRole.Group, new() { Name = "[Plassholder] Gange" }).GetByLabel(new Regex("^2 – "))).ToBeCheckedAsync();
            await page.GetByRole(AriaRole.Group, new() { Name = "[Plassholder] Angst / depresjon" }).GetByLabel(new Regex("^1 – ")).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
            await Expect(page.Locator(".notice--success")).ToContainTextAsync("Målingen er lagret.");
            await Expect(outcomes.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^EQ-5D-5L") })).ToBeVisibleAsync();
            await participant.AssertAccessibleAsync("participant outcomes at 390 px");
            (await MeasurementsAsync(id)).ShouldBe(3);
        }

        // The end-of-period test, recorded through the API, so the referrer also sees a baseline → end change.
        var end = await app.ApiAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr).PostAsJsonAsync($"/api/prescriptions/{id}/outcomes", new
        {
            instrument = "sit-to-stand-30s",
            timepoint = "end",
            effectiveAt = app.Clock.GetUtcNow(),
            values = new { value = 15 },
        });
        end.StatusCode.ShouldBe(HttpStatusCode.Created, await end.Content.ReadAsStringAsync());

        await using (var referrer = await UiSession.OpenAsync(browser, app, output))
        {
            var page = referrer.Page;
            await referrer.SignInAsAsync(Gp);
            await referrer.GotoAsync($"/henvisninger/{id}");
            var outcomes = page.GetByRole(AriaRole.Region, new() { Name = "Måleresultater" });
            var chart = outcomes.Locator("figure.outcome-chart[data-instrument='sit-to-stand-30s']");
            await Expect(chart.GetByRole(AriaRole.Img, new() { Name = $"{SitToStand} ({{repetitions}})" })).ToBeVisibleAsync();
            await Expect(chart.Locator("svg desc")).ToContainTextAsync("Klinisk viktig endring nås ved 14.");
            // The dashed MCID line sits at baseline + 2 repetitions, with its source under the chart.
            await Expect(chart.Locator("line.chart__mcid")).ToHaveCountAsync(1);
            await Expect(chart.Locator("figcaption")).ToContainTextAsync("Stiplet linje: klinisk viktig endring fra start (2 {repetitions})");
            await Expect(chart.Locator("figcaption")).ToContainTextAsync("Wright AA");
            await Expect(chart.Locator("g.chart__point")).ToHaveCountAsync(2);
            await Expect(chart.Locator("g.chart__point text.chart__value")).ToHaveTextAsync(["12", "15"]);

            await outcomes.GetByText($"Vis tallene for {SitToStand} som tabell").ClickAsync();
            var table = outcomes.GetByRole(AriaRole.Table, new() { Name = SitToStand });
            await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Før start" })).ToContainTextAsync("12");
            await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Slutt på perioden" })).ToContainTextAsync("15");
            var change = outcomes.GetByTestId("outcome-changes").Locator("tr[data-instrument='sit-to-stand-30s']");
            await Expect(change).ToContainTextAsync("+3");
            await Expect(change).ToContainTextAsync("Ja");
            await Expect(outcomes.Locator("figure.outcome-chart[data-instrument='six-minute-walk'] svg title")).ToHaveTextAsync("6 minutters gangtest (m)");
            await Expect(outcomes.Locator("figure.outcome-chart[data-instrument='eq-5d-5l'] figcaption")).ToContainTextAsync("verdisettet «demo-placeholder»");
            // The referrer reads: no links to record.
            await Expect(outcomes.GetByRole(AriaRole.Heading, new() { Name = "Registrer en test" })).ToHaveCountAsync(0);
            await referrer.AssertAccessibleAsync("referrer outcomes at 1280 px");
            await referrer.ScreenshotAsync("outcome-charts-1280");

            await page.SetViewportSizeAsync(390, 844);
            await Expect(chart.GetByRole(AriaRole.Img)).ToBeVisibleAsync();
            await referrer.AssertAccessibleAsync("referrer outcomes at 390 px");
            (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways at 390 px");
            await referrer.ScreenshotAsync("outcome-charts-390");
        }
    }

    private Task<int> MeasurementsAsync(Guid prescription) =>
        app.WithServicesAsync(s => s.GetRequiredService<AktivDbContext>().OutcomeMeasurements.CountAsync(m => m.PrescriptionId == prescription));

    /// <summary>A self-paid prescription for Anne (the participant who can sign in), sent to the Oslo gym and accepted with Per Aktiv.</summary>
    private async Task<Guid> AcceptedForAnneAsync()
    {
        var gp = app.Gp();
        var gym = app.OsloGym();
        var issued = await gp.PostAsJsonAsync("/api/prescriptions", new
        {
            participant = new { nationalId = DemoIdentities.ParticipantAnneFnr },
            reasonText = "Nedsatt styrke i beina",
            goals = "Reise seg fra stolen uten hjelp",
            activityTypes = new[] { "SupervisedStrength" },
            sessionsPerWeek = 2,
            minutesPerSession = 45,
            startDate = app.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            durationWeeks = 12,
            confirmationIntervalWeeks = 4,
            funding = "SelfPaid",
        });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var id = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var per = await app.PerAktivAsync(gym, id);
        (await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = per })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }
}
