using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Domain.Claims;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>The payer reviews a large claim in the table, asks the gym a question the gym answers with a file, and a trainer corrects a session.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewWorkJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    // Claims are put straight in the database for Bergen's gym to the employer payer, so no other journey's queue sees them.
    private const string BergenGym = "Bergen Helsetrening AS (administrator)";
    private const string EmployerPayer = "Bedriftshelse AS, refusjon";
    private const string Trainer = "Per Aktiv, Aktiv-instruktør";

    [Fact]
    public async Task The_payer_bulk_reviews_a_200_line_claim_in_the_table_with_filters()
    {
        var claimId = await SubmittedClaimAsync(200, sequence: 70);

        await using var payer = await UiSession.OpenAsync(browser, app, output);
        var page = payer.Page;
        await payer.SignInAsAsync(EmployerPayer);
        await payer.GotoAsync($"/betaler/krav/{claimId}");
        await Expect(page.GetByTestId("review-shown")).ToHaveTextAsync("Viser 200 av 200 linjer.");
        var table = page.GetByRole(AriaRole.Region, new() { Name = "Linjer til vurdering" });
        (await table.Locator("thead th").First.EvaluateAsync<string>("e => getComputedStyle(e).position")).ShouldBe("sticky");
        await payer.AssertAccessibleAsync("payer review table");

        // Every tenth line has a trainer in two places: filter to those, select them all with the keyboard, reject with one reason.
        await page.GetByLabel("Signal", new() { Exact = true }).SelectOptionAsync("TrainerInTwoPlaces");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis linjene" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("signal=TrainerInTwoPlaces"));
        await Expect(page.GetByTestId("review-shown")).ToHaveTextAsync("Viser 20 av 200 linjer.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Velg alle viste linjer" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(table.Locator("tbody input[type=checkbox]:checked")).ToHaveCountAsync(20);
        await page.GetByLabel("Årsakskode").SelectOptionAsync(new SelectOptionValue { Label = "Dokumentasjon av økten mangler eller er mangelfull" });
        await page.GetByLabel("Merknad").FillAsync("Treneren var registrert på to steder samtidig.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Avvis valgte" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "avvist" })).ToHaveTextAsync("20 linjer er avvist.");
        await Expect(page.GetByTestId("review-shown")).ToHaveTextAsync("Viser 20 av 200 linjer.");

        // The service filter narrows to group sessions; low-severity lines are still clean.
        await page.GetByLabel("Signal", new() { Exact = true }).SelectOptionAsync("");
        await page.GetByLabel("Tjeneste", new() { Exact = true }).SelectOptionAsync("GroupSession");
        await page.GetByLabel("Vurdering", new() { Exact = true }).SelectOptionAsync("undecided");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis linjene" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("tjeneste=GroupSession"));
        await Expect(page.GetByTestId("review-shown")).ToHaveTextAsync("Viser 100 av 200 linjer.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Godkjenn alle rene linjer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "godkjent" })).ToHaveTextAsync("180 rene linjer er godkjent.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Godkjenn alle rene linjer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "rene" })).ToContainTextAsync("Ingen linjer var rene");
        await Expect(page.GetByTestId("review-progress")).ToHaveTextAsync("200 linjer er vurdert, 0 gjenstår.");

        await page.SetViewportSizeAsync(390, 844);
        await payer.AssertAccessibleAsync("payer review table at 390 px");
        await payer.ScreenshotAsync("payer-review-table-390");
    }

    [Fact]
    public async Task The_gym_answers_the_payers_question_with_a_timesheet()
    {
        var claimId = await SubmittedClaimAsync(3, sequence: 71);

        await using var payer = await UiSession.OpenAsync(browser, app, output);
        await payer.SignInAsAsync(EmployerPayer);
        await payer.GotoAsync($"/betaler/krav/{claimId}");
        var thread = payer.Page.GetByRole(AriaRole.Region, new() { Name = "Meldinger om kravet" });
        await Expect(thread).ToContainTextAsync("Ingen meldinger ennå.");
        await thread.GetByLabel("Gjelder").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await thread.GetByLabel("Melding", new() { Exact = true }).FillAsync("Kan dere sende timelisten for denne økten?");
        await thread.GetByRole(AriaRole.Button, new() { Name = "Send melding" }).ClickAsync();
        await Expect(payer.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Meldingen er sendt." })).ToBeVisibleAsync();

        await using var gym = await UiSession.OpenAsync(browser, app, output);
        var page = gym.Page;
        await gym.SignInAsAsync(BergenGym);
        await gym.GotoAsync($"/tilbyder/krav/{claimId}");
        thread = page.GetByRole(AriaRole.Region, new() { Name = "Meldinger om kravet" });
        await Expect(thread.GetByTestId("thread-message")).ToContainTextAsync("Kan dere sende timelisten for denne økten?");
        await gym.AssertAccessibleAsync("provider claim thread");

        await thread.GetByLabel("Melding", new() { Exact = true }).FillAsync("Her er timelisten.");
        await thread.GetByLabel("Vedlegg").SetInputFilesAsync(new FilePayload { Name = "timeliste.html", MimeType = "text/html", Buffer = Encoding.UTF8.GetBytes("<html></html>") });
        await thread.GetByRole(AriaRole.Button, new() { Name = "Send melding" }).ClickAsync();
        await Expect(page.Locator("#f-attachment-error")).ToContainTextAsync("Et vedlegg må være en PDF-, PNG- eller JPEG-fil.");
        await Expect(page.GetByLabel("Melding", new() { Exact = true })).ToHaveValueAsync("Her er timelisten.");
        await gym.AssertAccessibleAsync("provider claim thread with errors");

        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% timeliste november\n%%EOF\n");
        thread = page.GetByRole(AriaRole.Region, new() { Name = "Meldinger om kravet" });
        await thread.GetByLabel("Vedlegg").SetInputFilesAsync(new FilePayload { Name = "timeliste.pdf", MimeType = "application/pdf", Buffer = pdf });
        await thread.GetByRole(AriaRole.Button, new() { Name = "Send melding" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Meldingen er sendt." })).ToBeVisibleAsync();

        await payer.Page.ReloadAsync();
        var answer = payer.Page.GetByTestId("thread-message").Filter(new() { HasText = "Her er timelisten." });
        await Expect(answer).ToContainTextAsync("Treningssenter");
        var link = answer.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("timeliste.pdf") });
        var download = await payer.Page.Context.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
        download.Status.ShouldBe(200);
        download.Headers["content-type"].ShouldBe("application/pdf");
        (await download.BodyAsync()).ShouldBe(pdf);
        await payer.AssertAccessibleAsync("payer claim thread");
        await payer.Page.SetViewportSizeAsync(390, 844);
        await payer.AssertAccessibleAsync("payer claim thread at 390 px");
        await page.SetViewportSizeAsync(390, 844);
        await gym.AssertAccessibleAsync("provider claim thread at 390 px");
    }

    [Fact]
    public async Task A_trainer_is_warned_about_a_second_session_on_a_day_and_corrects_and_deletes_sessions()
    {
        var gymApi = app.OsloGym();
        var id = await app.AcceptedPrescriptionAsync("Rette", "Øktesen", memberRef: null);
        await app.PerAktivAsync(gymApi, id);
        var yesterday = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), AktivResept.Server.Common.Time.Oslo.Zone).AddDays(-1);

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Trainer);
        await ui.GotoAsync($"/trener/resepter/{id}");
        await page.GetByLabel("Dato og klokkeslett").FillAsync(yesterday.ToString("yyyy-MM-dd'T'09:00", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrer økten" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Økten er registrert." })).ToBeVisibleAsync();

        await page.GetByLabel("Dato og klokkeslett").FillAsync(yesterday.ToString("yyyy-MM-dd'T'17:00", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrer økten" }).ClickAsync();
        await Expect(page.GetByTestId("same-day-warning")).ToContainTextAsync("Det er allerede registrert 1 økt denne dagen.");
        await ui.AssertAccessibleAsync("same-day warning");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrer likevel" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Økten er registrert." })).ToBeVisibleAsync();
        var sessions = page.GetByRole(AriaRole.Region, new() { Name = "Registrerte økter" });
        await Expect(sessions.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Oppmøte" }).GetByTestId("adherence-attended")).ToHaveTextAsync(new Regex(@"^1 av \d+ økter$"));

        await sessions.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Rett") }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Rett økten");
        await ui.AssertAccessibleAsync("correct session");
        await page.GetByLabel("Varighet i minutter").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre rettingen" }).ClickAsync();
        await Expect(page.Locator("#f-reason-error")).ToContainTextAsync("Fyll inn hvorfor økten rettes");
        await ui.AssertAccessibleAsync("correct session with errors");
        await page.GetByLabel("Årsak").First.FillAsync("Timen ble avbrutt etter 30 minutter.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre rettingen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Økten er rettet." })).ToBeVisibleAsync();
        sessions = page.GetByRole(AriaRole.Region, new() { Name = "Registrerte økter" });
        await Expect(sessions).ToContainTextAsync("30 min");

        await sessions.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Rett") }).First.ClickAsync();
        await page.GetByRole(AriaRole.Region, new() { Name = "Slett økten" }).GetByLabel("Årsak").FillAsync("Registrert to ganger.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Slett økten" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Økten er slettet." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Registrerte økter" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await ui.AssertAccessibleAsync("trainer prescription after correcting");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("trainer prescription at 390 px");
    }

    /// <summary>A submitted claim from the Bergen gym to the employer payer with <paramref name="count"/> priced lines, put straight in the database.</summary>
    private Task<Guid> SubmittedClaimAsync(int count, int sequence) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<AktivDbContext>();
            var provider = await db.Providers.SingleAsync(p => p.OrganisationNumber == DemoIdentities.BergenHelsetreningOrg);
            var payer = await db.Payers.SingleAsync(p => p.OrganisationNumber == DemoIdentities.EmployerOrg);
            var person = await db.People.OrderBy(p => p.Id).FirstAsync();
            var now = app.Clock.GetUtcNow();
            var claim = new Claim { ProviderId = provider.Id, PayerId = payer.Id, Month = new DateOnly(2026, 6, 1), Sequence = sequence, Status = ClaimStatus.Submitted, CreatedAt = now, UpdatedAt = now, SubmittedAt = now };
            for (var i = 0; i < count; i++)
            {
                // Every tenth line: a trainer in two places (high); every other: no gym event (low); even lines are PT sessions, odd ones classes.
                List<ClaimSignal> signals = i % 10 == 0 ? [ClaimSignal.TrainerInTwoPlaces] : i % 2 == 1 ? [ClaimSignal.NoGymEventThatDay] : [];
                claim.Lines.Add(new ClaimLine
                {
                    Kind = ClaimLineKind.Charge,
                    SessionId = Guid.NewGuid(),
                    PrescriptionId = Guid.NewGuid(),
                    ParticipantId = person.Id,
                    ServiceDate = new DateOnly(2026, 6, 1 + (i % 30)),
                    OccurredAt = now,
                    Service = i % 2 == 0 ? ServiceType.PtSession : ServiceType.GroupSession,
                    Tariff = 450m,
                    PublicShare = 400m,
                    Copay = 50m,
                    Status = ClaimLineStatus.Priced,
                    Signals = signals,
                });
            }

            claim.Recount(claim.Lines);
            db.Claims.Add(claim);
            await db.SaveChangesAsync();
            return claim.Id;
        });
}
