using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Features.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// The gym's admin runs the gym: records a trainer's certificate (unverified until the issuer's register lists it),
/// edits a location's opening hours, and rotates a gym system's signing secret. Bergen's gym, so the Oslo journeys
/// keep their data.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GymAdminJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string BergenAdmin = "Bergen Helsetrening AS (administrator)";

    [Fact]
    public async Task The_gym_admin_records_a_certificate_edits_opening_hours_and_rotates_a_secret()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(BergenAdmin);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Administrasjon" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Administrasjon av treningssenteret", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("gym admin");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("gym admin at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        // A certificate, unverified until the register lists it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Trenere og sertifikater" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trenere og sertifikater", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre sertifikat" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Velg en trener.");
        await page.GetByLabel("Trener", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Ingrid Vik" });
        await page.GetByLabel("Type sertifikat").SelectOptionAsync("GroupInstructor");
        await page.GetByLabel("Utsteder").FillAsync(DemoCertificateRegisterIssuer);
        await page.GetByLabel("Sertifikatnummer").FillAsync("NIH-GI-2026-0009");
        await page.GetByLabel("Gyldig fra").FillAsync("2026-01-01");
        await page.GetByLabel("Gyldig til og med").FillAsync("2028-12-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre sertifikat" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ubekreftet til det finnes i utstederens register");
        var certificate = page.Locator("[data-certificate='NIH-GI-2026-0009']");
        await Expect(certificate).ToContainTextAsync("Ubekreftet");
        await ui.AssertAccessibleAsync("trainers");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("trainers at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        var imported = await app.WithServicesAsync(services => services.GetRequiredService<CertificationRegisterImporter>().ImportAsync(
            new StringReader($"issuer,kind,certificateNumber,holderName,validFrom,validTo\n{DemoCertificateRegisterIssuer},GroupInstructor,NIH-GI-2026-0009,Ingrid Vik,2025-09-01,2029-08-31"),
            "nih-gruppeinstruktor.csv", CancellationToken.None));
        imported.Verified.ShouldBe(1);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-certificate='NIH-GI-2026-0009']")).ToContainTextAsync("Bekreftet i registeret");

        // Opening hours: unreadable ones are refused at the field, readable ones saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tilbake til administrasjon" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Treningssteder" }).ClickAsync();
        var hours = page.GetByLabel("Åpningstider");
        await hours.FillAsync("når det passer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre treningssted" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Åpningstider");
        await ui.AssertAccessibleAsync("locations with an error");
        await page.GetByLabel("Åpningstider").FillAsync("Man–fre 05:30–23:00, lør–søn 07:00–20:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre treningssted" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Treningsstedet er oppdatert.");
        await Expect(page.GetByLabel("Åpningstider")).ToHaveValueAsync("Man–fre 05:30–23:00, lør–søn 07:00–20:00");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("locations at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        // A gym system: registered (secret shown once), then its secret rotated (a new one, shown once).
        await page.GetByRole(AriaRole.Link, new() { Name = "Tilbake til administrasjon" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Integrasjoner" }).ClickAsync();
        await page.GetByLabel("Navn på systemet").FillAsync("Adgangssystem Sentrum");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrer", Exact = true }).ClickAsync();
        var first = await page.GetByTestId("new-secret").Locator("code").TextContentAsync();
        first.ShouldStartWith("whsec_");
        var system = page.Locator("section[data-integration]").Filter(new() { HasText = "Adgangssystem Sentrum" });
        await system.GetByRole(AriaRole.Button, new() { Name = "Lag ny nøkkel" }).ClickAsync();
        // The rotated answer has arrived when the system lists two active secrets (the old one in its overlap).
        await Expect(page.Locator("section[data-integration]").Filter(new() { HasText = "Adgangssystem Sentrum" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("new-secret")).ToContainTextAsync("Ny hemmelig nøkkel for Adgangssystem Sentrum");
        var second = await page.GetByTestId("new-secret").Locator("code").TextContentAsync();
        second.ShouldStartWith("whsec_");
        second.ShouldNotBe(first);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Gå til avstemming" })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("integrations");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("integrations at 390 px");
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the integrations page scrolls sideways at 390 px");
        await page.SetViewportSizeAsync(1280, 900);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("new-secret")).ToHaveCountAsync(0);
    }

    private const string DemoCertificateRegisterIssuer = "Norges idrettshøyskole";
}
