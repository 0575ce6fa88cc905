using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth.Oidc;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// Issue 21: a GP signs in through (a local) HelseID in Chromium, issues a referral — the form's look-up of the person
/// is the purpose «ny henvisning», recorded with it — and signs out at the provider. The citizen refused for a too-low
/// level is <see cref="OidcSignInJourneyTests"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OidcReferralJourneyTests(OidcBrowserApp app, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<OidcBrowserApp>
{
    [Fact]
    public async Task A_GP_signs_in_with_HelseID_issues_a_referral_for_a_purpose_and_signs_out()
    {
        app.Provider.NextUser = new LocalOidcUser("helseid-kari-browser", new Dictionary<string, string>
        {
            [HelseIdClaims.HprNumber] = DemoIdentities.GpHpr,
            [HelseIdClaims.OrganisationChild] = DemoIdentities.GpOfficeOrg,
            [HelseIdClaims.SecurityLevel] = "4",
            ["name"] = "Kari Nordmann",
        });
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;

        await ui.GotoAsync("/logg-inn");
        await page.GetByRole(AriaRole.Link, new() { Name = "Logg inn med HelseID" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/henvisninger$"));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Ny henvisning" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ny henvisning", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("new referral after HelseID, wide");

        var nationalId = UiSession.NewNationalId();
        await page.GetByLabel("Fødselsnummer eller D-nummer").FillAsync(nationalId);
        await page.GetByLabel("Fornavn").FillAsync("Helse");
        await page.GetByLabel("Etternavn").FillAsync("Idsen");
        await page.GetByLabel("Kommunenummer").FillAsync("0301");
        await page.GetByLabel("Diagnosekode (ICPC-2)").FillAsync("L84");
        await page.GetByLabel("Årsak til henvisningen").FillAsync("Langvarige ryggsmerter");
        await page.GetByLabel("Mål for treningen").FillAsync("Gå til jobb uten smerter");
        await page.GetByLabel("Veiledet styrketrening").CheckAsync();
        await page.GetByLabel("Finansiering").SelectOptionAsync(new SelectOptionValue { Label = "Betaler selv" });
        // The purpose-bound look-up before issuing: the form's eligibility check (purpose «ny henvisning»).
        await page.GetByRole(AriaRole.Button, new() { Name = "Sjekk rett til statlig refusjon" }).ClickAsync();
        await Expect(page.Locator("[data-eligibility]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/henvisninger/[0-9a-f-]{36}"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Henvisningen er utstedt");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("issued referral, narrow");

        var id = Guid.Parse(new Regex("[0-9a-f-]{36}").Match(page.Url).Value);
        var created = await app.WithServicesAsync(services =>
            services.GetRequiredService<AktivDbContext>().AuditRecords.SingleAsync(a => a.Resource == $"Prescription/{id}" && a.Action == "create"));
        created.Purpose.ShouldBe(LookupPurpose.NewReferral);
        created.ActorHpr.ShouldBe(DemoIdentities.GpHpr);
        var lookup = await app.WithServicesAsync(services =>
            services.GetRequiredService<AktivDbContext>().AuditRecords.SingleAsync(a => a.Resource == PersonLookups.EligibilityResource && a.ActorHpr == DemoIdentities.GpHpr));
        lookup.Purpose.ShouldBe(LookupPurpose.NewReferral);

        await ui.SignOutAsync();
        app.Provider.EndedFor.ShouldContain("helseid-kari-browser");
    }
}
