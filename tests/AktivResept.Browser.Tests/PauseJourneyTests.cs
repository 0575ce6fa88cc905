using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Features.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// Issue 14 on a phone: the participant pauses her training, is told why a too-long pause is refused, ends the pause
/// early and finally withdraws; axe-clean at 390×844 at each step.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PauseJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_participant_pauses_is_told_why_a_pause_is_refused_resumes_and_withdraws()
    {
        var id = await AcceptedForAnneAsync();
        var today = app.Today;
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await page.SetViewportSizeAsync(390, 844);
        await ui.SignInAsAsync("Anne Hansen, deltaker");
        await ui.GotoAsync($"/mine-resepter/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ta en pause", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("pause-left")).ToHaveTextAsync("Du har 28 av 28 pausedager igjen.");
        await ui.AssertAccessibleAsync("pause section at 390 px");

        // The attendance verdict speaks to her, not in the referrer's words («Vurdering», «Frafallsrisiko»).
        var adherence = page.GetByRole(AriaRole.Region, new() { Name = "Oppmøte" });
        await Expect(adherence).ToContainTextAsync("Slik går det");
        await Expect(adherence).Not.ToContainTextAsync("Vurdering");

        // Too long: refused on the form, naming the field and what is left.
        await FillPauseAsync(page, "Travel", today, today.AddDays(40));
        var summary = page.Locator(".error-summary");
        await Expect(summary).ToContainTextAsync("Siste dag med pause");
        await Expect(summary).ToContainTextAsync("28 av 28 pausedager");
        await ui.AssertAccessibleAsync("refused pause at 390 px");

        await FillPauseAsync(page, "Illness", today, today.AddDays(6));
        await Expect(page.Locator(".notice--success")).ToContainTextAsync("Pausen er registrert");
        await Expect(page.GetByTestId("pause-left")).ToHaveTextAsync("Du har 21 av 28 pausedager igjen.");
        await Expect(page.GetByTestId("pauses")).ToContainTextAsync("Sykdom");
        // The period line says how much longer the pause made it.
        await Expect(page.GetByTestId("period")).ToContainTextAsync("forlenget med 7 dager på grunn av pause");
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways at 390 px");
        await ui.AssertAccessibleAsync("paused at 390 px");

        await page.GetByRole(AriaRole.Button, new() { Name = "Avslutt pausen nå" }).ClickAsync();
        await Expect(page.Locator(".notice--success")).ToContainTextAsync("Pausen er avsluttet");
        await Expect(page.GetByTestId("pause-left")).ToHaveTextAsync("Du har 28 av 28 pausedager igjen.");
        await Expect(page.GetByTestId("period")).Not.ToContainTextAsync("forlenget");

        // Withdrawing asks for a confirmation first.
        var withdraw = page.GetByRole(AriaRole.Region, new() { Name = "Avslutt treningsresepten" });
        await withdraw.GetByLabel("Hvorfor slutter du?").FillAsync("Jeg flytter");
        await withdraw.GetByRole(AriaRole.Button, new() { Name = "Avslutt treningsresepten" }).ClickAsync();
        await Expect(withdraw.Locator(".field--invalid")).ToContainTextAsync("Kryss av for å bekrefte");
        await withdraw.GetByLabel("Ja, jeg vil avslutte treningsresepten").CheckAsync();
        await withdraw.GetByRole(AriaRole.Button, new() { Name = "Avslutt treningsresepten" }).ClickAsync();
        await Expect(page.Locator(".notice--success")).ToContainTextAsync("Du har avsluttet treningsresepten");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ta en pause" })).ToHaveCountAsync(0);
        await ui.AssertAccessibleAsync("withdrawn at 390 px");
        await ui.ScreenshotAsync("pause-withdrawn-390");
    }

    private static async Task FillPauseAsync(IPage page, string reason, DateOnly first, DateOnly last)
    {
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Ta en pause" });
        await form.GetByLabel("Hvorfor tar du pause?").SelectOptionAsync(reason);
        await form.GetByLabel("Første dag med pause").FillAsync(first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.GetByLabel("Siste dag med pause").FillAsync(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button, new() { Name = "Ta pause" }).ClickAsync();
    }

    /// <summary>A self-paid prescription for Anne (her state-reimbursed place is taken), sent to the Oslo gym and accepted.</summary>
    private async Task<Guid> AcceptedForAnneAsync()
    {
        var gp = app.Gp();
        var gym = app.OsloGym();
        var issued = await gp.PostAsJsonAsync("/api/prescriptions", new
        {
            participant = new { nationalId = DemoIdentities.ParticipantAnneFnr },
            reasonText = "Nedsatt utholdenhet",
            goals = "Gå trappene hjemme uten pause",
            activityTypes = new[] { "Endurance" },
            sessionsPerWeek = 2,
            minutesPerSession = 45,
            startDate = app.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            durationWeeks = 8,
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
