using System.Globalization;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>Reimbursement: the gym claims last month's sessions, the payer reviews line by line, and pays.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClaimJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string OsloGym = "Aktiv Trening Oslo AS (administrator)";
    private const string StatePayer = "Statens refusjonskontor, saksbehandler";
    private const string StatePayerName = "Statens refusjonskontor (demo)";
    private const string OsloGymName = "Aktiv Trening Oslo AS";
    private static readonly CultureInfo Norwegian = new("nb-NO");

    [Fact]
    public async Task The_gym_submits_a_claim_the_payer_rejects_one_line_with_a_reason_and_the_gym_sees_it_partially_approved()
    {
        var arranged = await app.StateReimbursedSessionsLastMonthAsync("Refusjon", "Kravsen");
        var monthName = arranged.Month.ToString("MMMM yyyy", Norwegian);
        var flaggedDate = arranged.Flagged.ToString("dd.MM.yyyy", Norwegian);
        const string note = "Ingen innsjekk i adgangssystemet denne dagen";

        await using var gym = await UiSession.OpenAsync(browser, app, output);
        var page = gym.Page;
        await gym.SignInAsAsync(OsloGym);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Refusjonskrav" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Refusjonskrav", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Måned", new() { Exact = true })).ToHaveValueAsync(arranged.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        await gym.AssertAccessibleAsync("provider claims");

        await page.GetByRole(AriaRole.Button, new() { Name = "Lag krav" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Krav for {monthName} er laget");
        var claimRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = StatePayerName });
        await Expect(claimRow).ToContainTextAsync("Utkast");
        await Expect(claimRow).ToContainTextAsync("kr 1 350,00");
        await gym.ScreenshotAsync("provider-claims");
        await claimRow.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Krav for {monthName} til {StatePayerName}", Level = 1 })).ToBeVisibleAsync();
        var lines = page.GetByRole(AriaRole.Region, new() { Name = "Linjer" });
        var clean = lines.GetByRole(AriaRole.Row).Filter(new() { HasText = arranged.Clean[0].ToString("dd.MM.yyyy", Norwegian) });
        await Expect(clean).ToContainTextAsync("PT-time");
        await Expect(clean).ToContainTextAsync("kr 450,00");
        await Expect(clean).ToContainTextAsync("kr 400,00");
        await Expect(clean).ToContainTextAsync("kr 50,00");
        (await clean.Locator(".amount").First.EvaluateAsync<string>("e => getComputedStyle(e).whiteSpace")).ShouldBe("nowrap");
        var noShow = lines.GetByRole(AriaRole.Row).Filter(new() { HasText = arranged.NoShow.ToString("dd.MM.yyyy", Norwegian) });
        await Expect(noShow).ToContainTextAsync("Ikke krevd");
        await Expect(noShow).ToContainTextAsync("Deltakeren møtte ikke");
        await gym.AssertAccessibleAsync("provider claim draft");
        await gym.ScreenshotAsync("provider-claim-draft");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send kravet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Kravet er sendt.");
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Sendt");
        var claimPath = new Uri(page.Url).AbsolutePath;

        await using var payer = await UiSession.OpenAsync(browser, app, output);
        var review = payer.Page;
        await payer.SignInAsAsync(StatePayer);
        // The payer lands on the work waiting (issue 23) and goes on to the review queue from the menu.
        await Expect(review.GetByRole(AriaRole.Heading, new() { Name = "Arbeid som venter", Level = 1 })).ToBeVisibleAsync();
        await review.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Krav til behandling" }).ClickAsync();
        await Expect(review.GetByRole(AriaRole.Heading, new() { Name = "Krav til behandling", Level = 1 })).ToBeVisibleAsync();
        await payer.AssertAccessibleAsync("payer review queue");
        await review.GetByLabel("Signal", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Registrert av treneren, men senterets adgangssystem har ingen hendelse for deltakeren denne dagen." });
        await review.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Sendt" });
        await review.GetByRole(AriaRole.Button, new() { Name = "Vis krav" }).ClickAsync();
        await review.WaitForURLAsync(new Regex("signal=NoGymEventThatDay"));
        var queued = review.GetByRole(AriaRole.Row).Filter(new() { HasText = OsloGymName });
        await Expect(queued).ToHaveCountAsync(1);
        await queued.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(review.GetByRole(AriaRole.Heading, new() { Name = $"Krav fra {OsloGymName} for {monthName}", Level = 1 })).ToBeVisibleAsync();
        var reviewLines = review.GetByRole(AriaRole.Region, new() { Name = "Linjer til vurdering" });
        var flaggedRow = reviewLines.GetByRole(AriaRole.Row).Filter(new() { HasText = flaggedDate });
        await Expect(flaggedRow).ToContainTextAsync("ingen hendelse for deltakeren denne dagen");
        await payer.AssertAccessibleAsync("payer claim review");
        await payer.ScreenshotAsync("payer-claim-review");

        var flagged = review.GetByLabel($"Velg linjen {flaggedDate}, Refusjon Kravsen, PT-time");
        await flagged.CheckAsync();
        await review.GetByRole(AriaRole.Button, new() { Name = "Avvis valgte" }).ClickAsync();
        await Expect(review.Locator("#f-reason-error")).ToContainTextAsync("Velg en årsakskode når du avviser en linje.");
        await Expect(review.GetByLabel("Årsakskode")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(review.GetByLabel($"Velg linjen {flaggedDate}, Refusjon Kravsen, PT-time")).ToBeCheckedAsync();
        await payer.AssertAccessibleAsync("payer claim review with errors");
        await review.GetByLabel("Årsakskode").SelectOptionAsync(new SelectOptionValue { Label = "Dokumentasjon av økten mangler eller er mangelfull" });
        await review.GetByLabel("Merknad").FillAsync(note);
        await review.GetByRole(AriaRole.Button, new() { Name = "Avvis valgte" }).ClickAsync();
        await Expect(review.GetByRole(AriaRole.Status).Filter(new() { HasText = "avvist" })).ToContainTextAsync("1 linje er avvist.");

        await review.GetByRole(AriaRole.Button, new() { Name = "Godkjenn alle rene linjer" }).ClickAsync();
        await Expect(review.GetByRole(AriaRole.Status).Filter(new() { HasText = "godkjent" })).ToContainTextAsync("2 rene linjer er godkjent.");
        await Expect(review.GetByTestId("review-progress")).ToHaveTextAsync("3 linjer er vurdert, 0 gjenstår.");
        await review.GetByRole(AriaRole.Button, new() { Name = "Fullfør behandlingen" }).ClickAsync();
        await Expect(review.GetByRole(AriaRole.Status).Filter(new() { HasText = "Behandlingen" })).ToContainTextAsync("Behandlingen er fullført.");
        await Expect(review.Locator(".page-heading .status")).ToHaveTextAsync("Delvis godkjent");
        await Expect(review.GetByTestId("approved-amount")).ToHaveTextAsync("kr 800,00");
        await payer.AssertAccessibleAsync("payer claim decided");

        await gym.GotoAsync(claimPath);
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Delvis godkjent");
        var rejected = page.GetByRole(AriaRole.Region, new() { Name = "Linjer" }).GetByRole(AriaRole.Row).Filter(new() { HasText = flaggedDate });
        await Expect(rejected).ToContainTextAsync("Avvist av utbetaler");
        await Expect(rejected).ToContainTextAsync("Utbetalers begrunnelse: Dokumentasjon av økten mangler eller er mangelfull");
        await Expect(rejected).ToContainTextAsync($"Merknad fra utbetaler: {note}");
        await Expect(page.GetByTestId("approved-amount")).ToHaveTextAsync("kr 800,00");
        await gym.AssertAccessibleAsync("provider claim partially approved");
        await gym.ScreenshotAsync("provider-claim-partially-approved");

        await review.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Utbetalinger" }).ClickAsync();
        await Expect(review.GetByRole(AriaRole.Heading, new() { Name = "Utbetalinger", Level = 1 })).ToBeVisibleAsync();
        await review.GetByRole(AriaRole.Button, new() { Name = "Lag betalingsfil", Exact = true }).ClickAsync();
        await Expect(review.GetByRole(AriaRole.Status)).ToContainTextAsync("Betalingsfilen er laget: 1 betaling, til sammen kr 800,00.");
        var batch = review.GetByRole(AriaRole.Row).Filter(new() { HasText = "Ikke betalt" });
        var pain001 = await batch.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("pain.001") }).GetAttributeAsync("href");
        var xml = await review.Context.APIRequest.GetAsync(pain001!);
        xml.Status.ShouldBe(200);
        (await xml.TextAsync()).ShouldContain("<InstdAmt Ccy=\"NOK\">800.00</InstdAmt>");
        var csv = await review.Context.APIRequest.GetAsync((await batch.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("CSV") }).GetAttributeAsync("href"))!);
        csv.Status.ShouldBe(200);
        (await csv.TextAsync()).ShouldContain("400.00");
        await payer.AssertAccessibleAsync("payments");
        await payer.ScreenshotAsync("payments");
        await batch.GetByRole(AriaRole.Button, new() { Name = "Marker som betalt" }).ClickAsync();
        await Expect(review.GetByRole(AriaRole.Status)).ToContainTextAsync("markert som betalt");

        await page.ReloadAsync();
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utbetalt");
    }
}
