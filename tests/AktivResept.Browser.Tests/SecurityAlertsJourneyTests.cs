using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// Issue 21: a referrer's look-ups reach the configured alert volume through the real look-up path; the security
/// officer signs in, lands on «Sikkerhetsvarsler» and sees who, when and how many — axe-clean at 1280 and 390 px.
/// Another role is refused the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityAlertsJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_security_officer_lands_on_the_alerts_and_sees_who_looked_up_how_many_and_when_and_closes_it_with_a_note()
    {
        var threshold = await app.WithServicesAsync(s => Task.FromResult(s.GetRequiredService<IOptionsMonitor<AccessOptions>>().CurrentValue.AlertThreshold));
        using var nav = await NavCounsellorAsync();
        for (var i = 0; i < threshold; i++)
        {
            (await nav.PostAsJsonAsync("/api/eligibility/check", new { nationalId = UiSession.NewNationalId(), purpose = LookupPurpose.NewReferral })).EnsureSuccessStatusCode();
        }

        var raised = app.Clock.GetUtcNow();

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync("Sikkerhetsansvarlig, AktivResept");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sikkerhetsvarsler", Level = 1 })).ToBeVisibleAsync();
        page.Url.ShouldEndWith("/sikkerhet/varsler");
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Sikkerhetsvarsler" }).First).ToBeVisibleAsync();
        var alert = page.Locator("ol.inbox > li").Filter(new() { HasText = "Nils Veileder" }).First;
        await Expect(alert).ToContainTextAsync($"{threshold} oppslag på fødselsnummer siden");
        await Expect(alert).ToContainTextAsync(DemoIdentities.NavCounsellorHpr);
        await Expect(alert).ToContainTextAsync(DemoIdentities.NavOrg);
        DateTimeOffset.Parse((await alert.Locator("time").First.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture).ShouldBe(raised);
        await ui.AssertAccessibleAsync("security alerts");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("security alerts at 390 px");
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways at 390 px");
        await ui.ScreenshotAsync("security-alerts-390");

        // The officer looked into it: closes the alert with a note (required).
        await alert.GetByRole(AriaRole.Link, new() { Name = "Lukk varselet med en merknad" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lukk sikkerhetsvarsel", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lukk varselet" }).ClickAsync();
        await Expect(page.Locator(".error-summary, [role=alert]").First).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("close alert with an error at 390 px");
        await page.SetViewportSizeAsync(1280, 800);
        await ui.AssertAccessibleAsync("close alert with an error");
        await page.GetByLabel("Merknad").FillAsync("Kartlegging avtalt med fastlegene; tjenstlig grunn.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lukk varselet" }).ClickAsync();
        await Expect(page.GetByText("Varselet er lukket.")).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync("Kartlegging avtalt med fastlegene; tjenstlig grunn.");
        await Expect(alert).ToContainTextAsync("Lukket");

        await ui.SignOutAsync();
        await ui.SignInAsAsync("Kari Nordmann, fastlege");
        await ui.GotoAsync("/sikkerhet/varsler");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ingen tilgang", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Nils Veileder")).ToHaveCountAsync(0);
    }

    /// <summary>The NAV counsellor's client, with their name in the token as a real authority would give it.</summary>
    private async Task<HttpClient> NavCounsellorAsync()
    {
        var key = await app.WithServicesAsync(s => Task.FromResult(s.GetRequiredService<IConfiguration>()["Auth:DevelopmentSigningKey"]!));
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevTokens.Mint(
            key, "aktivresept", Roles.Referrer, DemoIdentities.NavCounsellorHpr, DemoIdentities.NavOrg, null, "Nils Veileder", TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
        return client;
    }
}
