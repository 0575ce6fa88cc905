using System.Globalization;
using System.Text;
using AktivResept.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// Issue 23's management forms that had no web page: a gym's webhook subscriptions (create with the secret shown once,
/// turn off), ending a trainer's position with a date, and the state payer's upload of the certificate register with an
/// error report by row. Bergen's gym and a trainer added here, so the other journeys keep their data.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GymAdminFormsJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string BergenAdmin = "Bergen Helsetrening AS (administrator)";
    private const string StatePayer = "Statens refusjonskontor, saksbehandler";
    private const string EmployerPayer = "Bedriftshelse AS, refusjon";

    [Fact]
    public async Task The_gym_admin_subscribes_a_webhook_and_turns_it_off()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(BergenAdmin);
        await ui.GotoAsync("/tilbyder/administrasjon/integrasjoner");

        // An internal address is refused at the field.
        await page.GetByLabel("Adresse (URL)").FillAsync("https://127.0.0.1/hook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lag abonnement" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Adresse (URL)");
        await AssertAccessibleAtBothWidthsAsync(ui, "webhook refused");

        // A public address is subscribed; its secret is shown once.
        const string Endpoint = "https://8.8.4.4/aktivresept-bergen";
        await page.GetByLabel("Adresse (URL)").FillAsync(Endpoint);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lag abonnement" }).ClickAsync();
        await Expect(page.GetByTestId("new-secret")).ToContainTextAsync(Endpoint);
        (await page.GetByTestId("new-secret").Locator("code").TextContentAsync()).ShouldStartWith("whsec_");
        var hook = page.Locator("section[data-webhook]").Filter(new() { HasText = Endpoint });
        await Expect(hook).ToContainTextAsync("Aktiv");
        await AssertAccessibleAtBothWidthsAsync(ui, "webhook subscribed");

        await hook.GetByRole(AriaRole.Button, new() { Name = "Slå av" }).ClickAsync();
        await Expect(page.Locator("section[data-webhook]").Filter(new() { HasText = Endpoint })).ToContainTextAsync("Slått av");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("new-secret")).ToHaveCountAsync(0);
        await Expect(page.Locator("section[data-webhook]").Filter(new() { HasText = Endpoint }).GetByRole(AriaRole.Button, new() { Name = "Slå på igjen" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_gym_admin_ends_a_trainers_position_with_a_last_day()
    {
        var name = $"Slutter {Guid.NewGuid().ToString("N")[..6]}";
        var lastDay = app.Today.AddDays(30);
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(BergenAdmin);
        await ui.GotoAsync("/tilbyder/administrasjon/trenere");
        // The add-trainer form's inputs by id: its labels ("Navn", "Stilling") recur on the page.
        await page.Locator("#f-trainer-nationalId").FillAsync(UiSession.NewNationalId());
        await page.Locator("#f-trainer-name").FillAsync(name);
        await page.Locator("#f-trainer-title").FillAsync("Instruktør");
        await page.Locator("#f-trainer-share").FillAsync("20");
        await page.Locator("#f-trainer-validFrom").FillAsync(app.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Legg til trener" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Treneren er lagt til.");

        // Without a trainer chosen, the form says so; then the position ends on the day given.
        await page.GetByRole(AriaRole.Button, new() { Name = "Avslutt stillingen" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Trener som slutter");
        await AssertAccessibleAtBothWidthsAsync(ui, "end position refused");
        await page.GetByLabel("Trener som slutter").SelectOptionAsync(new SelectOptionValue { Label = $"{name} (Instruktør)" });
        await page.GetByLabel("Siste arbeidsdag").FillAsync(lastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Avslutt stillingen" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Stillingen er avsluttet.");
        var row = page.Locator("tr[data-trainer]").Filter(new() { HasText = name });
        await Expect(row.Locator("[data-position-ends]")).ToHaveTextAsync(lastDay.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
        await AssertAccessibleAtBothWidthsAsync(ui, "position ended");
    }

    [Fact]
    public async Task The_state_payer_uploads_the_certificate_register_and_sees_the_bad_rows_first()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(StatePayer);
        await ui.GotoAsync("/betaler");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sertifikatregister" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sertifikatregister", Level = 1 })).ToBeVisibleAsync();

        const string Header = "issuer,kind,certificateNumber,holderName,validFrom,validTo\n";
        var number = $"NIH-UP-{Guid.NewGuid().ToString("N")[..6]}";
        await UploadAsync(page, Header + $"Norges idrettshøyskole,Aktiv,{number},Ola Opplast,2026-01-01,2027-12-31\nNorges idrettshøyskole,GroupInstructor,{number}-2,Kari Opplast,2026-13-01,2027-12-31\n");
        var errors = page.GetByTestId("register-row-errors");
        await Expect(errors).ToContainTextAsync("kind");
        await Expect(errors).ToContainTextAsync("validFrom");
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Ingenting er importert");
        await AssertAccessibleAtBothWidthsAsync(ui, "register upload with bad rows");

        await UploadAsync(page, Header + $"Norges idrettshøyskole,GroupInstructor,{number},Ola Opplast,2026-01-01,2027-12-31\n");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Registeret er oppdatert. Nye rader: 1.");
        await Expect(page.GetByTestId("register-row-errors")).ToHaveCountAsync(0);
        await AssertAccessibleAtBothWidthsAsync(ui, "register uploaded");

        // An employer payer is told who uploads it, and gets no form.
        await using var other = await UiSession.OpenAsync(browser, app, output);
        await other.SignInAsAsync(EmployerPayer);
        await other.GotoAsync("/betaler/sertifikatregister");
        await Expect(other.Page.GetByText("Bare den statlige betaleren laster opp sertifikatregisteret.")).ToBeVisibleAsync();
        await Expect(other.Page.GetByLabel("CSV-fil")).ToHaveCountAsync(0);
    }

    private static async Task UploadAsync(IPage page, string csv)
    {
        await page.GetByLabel("CSV-fil").SetInputFilesAsync(new FilePayload { Name = "nih.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Last opp", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    private static async Task AssertAccessibleAtBothWidthsAsync(UiSession ui, string name)
    {
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync($"{name} at 390 px");
        await ui.Page.SetViewportSizeAsync(1280, 900);
        await ui.AssertAccessibleAsync($"{name} at 1280 px");
    }
}
