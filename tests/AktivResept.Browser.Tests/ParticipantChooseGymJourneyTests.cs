using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using Location = AktivResept.Server.Features.Providers.Location;

namespace AktivResept.Browser.Tests;

/// <summary>
/// The participant on a phone (issue 14): signs in to «Min side», sees each prescription's status, chooses a gym for a
/// new one, and when someone else took the last place at the chosen gym is told so and offered the next gyms.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ParticipantChooseGymJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_participant_chooses_a_gym_and_a_gym_that_filled_up_meanwhile_is_refused_with_the_next_candidates()
    {
        var lastPlace = await NewLocationAsync(capacity: 1);
        var reason = $"Knesmerter {Guid.NewGuid().ToString("N")[..6]}";
        var id = await IssueAsync(DemoIdentities.ParticipantAnneFnr, reason);

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync("Anne Hansen, deltaker");

        // She lands on «Min side», where the new prescription says that it waits for her choice.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min side", Level = 1 })).ToBeVisibleAsync();
        var item = page.Locator(".own-list__item").Filter(new() { HasText = reason });
        await Expect(item).ToContainTextAsync("Utstedt");
        await Expect(item).ToContainTextAsync("Du må velge treningssenter");
        await ui.AssertAccessibleAsync("start page");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("start page at 390 px");
        await NoSidewaysScrollAsync(page);

        await item.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/mine-resepter/{id}$"), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Velg treningssenter", Level = 2 })).ToBeVisibleAsync();
        var gym = page.Locator(".gym").Filter(new() { HasText = lastPlace.Name });
        await Expect(gym).ToContainTextAsync("Ledige plasser");
        await Expect(page.GetByText("Treneren din sender en oppdatering til den som henviste deg, hver 4. uke")).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("choose a gym at 390 px");
        await ui.ScreenshotAsync("participant-choose-gym-390");
        await NoSidewaysScrollAsync(page);

        // Someone else is sent to the last place while the list is on her screen.
        await TakeLastPlaceAsync(lastPlace.Id);
        await gym.GetByRole(AriaRole.Button, new() { Name = "Velg dette senteret" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "har ikke lenger ledig plass" })).ToBeVisibleAsync();
        await Expect(page.Locator(".gym").Filter(new() { HasText = lastPlace.Name })).ToHaveCountAsync(0);
        var next = page.Locator(".gym").First;
        await Expect(next).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("refused choice at 390 px");
        await ui.ScreenshotAsync("participant-choice-refused-390");
        var nextName = (await next.Locator(".gym__name").InnerTextAsync()).Trim();

        await next.GetByRole(AriaRole.Button, new() { Name = "Velg dette senteret" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Du har valgt treningssenter", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByText($"Treningsresepten din er sendt til {nextName}.")).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("gym chosen at 390 px");
        await page.SetViewportSizeAsync(1280, 900);
        await ui.AssertAccessibleAsync("gym chosen");
        var sentTo = await app.WithServicesAsync(s => s.GetRequiredService<AktivDbContext>().Prescriptions.Where(p => p.Id == id)
            .Join(s.GetRequiredService<AktivDbContext>().Locations, p => p.LocationId, l => l.Id, (p, l) => l.Name).SingleAsync());
        sentTo.ShouldBe(nextName);
    }

    [Fact]
    public async Task After_a_gym_rejects_her_prescription_the_participant_chooses_another_gym()
    {
        var reason = $"Hofte {Guid.NewGuid().ToString("N")[..6]}";
        var id = await IssueAsync(DemoIdentities.ParticipantAnneFnr, reason);
        (await app.Gp().PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var rejected = await app.OsloGym().PostAsJsonAsync($"/api/prescriptions/{id}/reject", new { reason = "Ingen ledig trener på dagtid" });
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK, await rejected.Content.ReadAsStringAsync());

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await page.SetViewportSizeAsync(390, 844);
        await ui.SignInAsAsync("Anne Hansen, deltaker");
        await ui.GotoAsync($"/mine-resepter/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Treningssenteret kunne ikke ta deg imot", Level = 2 })).ToBeVisibleAsync();
        var gyms = page.Locator(".gym");
        await Expect(gyms.First).ToBeVisibleAsync();
        // The gym that said no is not offered again.
        await Expect(page.Locator(".gym__provider").Filter(new() { HasText = "Aktiv Trening Oslo" })).ToHaveCountAsync(0);
        await ui.AssertAccessibleAsync("choose another gym after a rejection at 390 px");
        await NoSidewaysScrollAsync(page);
        var chosen = (await gyms.First.Locator(".gym__name").InnerTextAsync()).Trim();

        await gyms.First.GetByRole(AriaRole.Button, new() { Name = "Velg dette senteret" }).ClickAsync();

        // A new prescription with the same content, linked to the rejected one, sent to the chosen gym.
        await page.WaitForURLAsync(new Regex("/mine-resepter/(?!" + id + ")[0-9a-f-]{36}$"), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Du har valgt treningssenter", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByText($"Treningsresepten din er sendt til {chosen}.")).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("sent to another gym at 390 px");
        await page.SetViewportSizeAsync(1280, 900);
        await ui.AssertAccessibleAsync("sent to another gym at 1280 px");
        var copies = await app.WithServicesAsync(s => s.GetRequiredService<AktivDbContext>().Prescriptions.CountAsync(p => p.ReplacesId == id));
        copies.ShouldBe(1);
    }

    [Fact]
    public async Task Every_participant_page_works_and_is_accessible_on_a_phone_and_a_desktop()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await page.SetViewportSizeAsync(390, 844);
        await ui.SignInAsAsync("Anne Hansen, deltaker");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min side", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Mine timer i Aktiv på dagtid" })).ToHaveAttributeAsync("href", "/mine-timer");
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Se hvem som har sett opplysningene dine" })).ToBeVisibleAsync();
        await CheckAsync(ui, "start page");

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Se alle treningsreseptene dine" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mine resepter", Level = 1 })).ToBeVisibleAsync();
        var active = page.Locator(".own-list__item").Filter(new() { HasText = "Pågår" }).First;
        await Expect(active).ToBeVisibleAsync();
        await CheckAsync(ui, "prescription list");

        await active.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Treningsresepten din", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dette står i treningsresepten din" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Hvor ofte du vil ha bekreftelse")).ToHaveCountAsync(0);
        await CheckAsync(ui, "prescription detail");

        await page.Locator("[data-testid=outcomes] .link-list a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/sporreskjema/"), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await CheckAsync(ui, "questionnaire");

        await ui.GotoAsync("/innboks");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Innboks", Level = 1 })).ToBeVisibleAsync();
        await CheckAsync(ui, "inbox");

        await ui.GotoAsync("/mine-timer");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mine timer – Aktiv på dagtid", Level = 1 })).ToBeVisibleAsync();
        await CheckAsync(ui, "my sessions");

        await ui.GotoAsync("/mine-timer/timeplan");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Finn en time – Aktiv på dagtid", Level = 1 })).ToBeVisibleAsync();
        await CheckAsync(ui, "find a session");

        await ui.GotoAsync("/innsyn");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hvem har sett opplysningene mine", Level = 1 })).ToBeVisibleAsync();
        await CheckAsync(ui, "access log");
    }

    /// <summary>The page at 390×844 (a phone) and at 1280×900 (a desktop), as the issue names both; then back to the phone.</summary>
    private static async Task CheckAsync(UiSession ui, string name)
    {
        await ui.AssertAccessibleAsync($"{name} at 390 px");
        await NoSidewaysScrollAsync(ui.Page);
        await ui.ScreenshotAsync($"participant-{name.Replace(' ', '-')}-390");
        await ui.Page.SetViewportSizeAsync(1280, 900);
        await ui.AssertAccessibleAsync($"{name} at 1280 px");
        await NoSidewaysScrollAsync(ui.Page);
        await ui.Page.SetViewportSizeAsync(390, 844);
    }

    private static async Task NoSidewaysScrollAsync(IPage page) =>
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways");

    /// <summary>A self-paid prescription (so it may be open beside her state-reimbursed one), issued and not yet sent.</summary>
    private async Task<Guid> IssueAsync(string fnr, string reasonText)
    {
        var issued = await app.Gp().PostAsJsonAsync("/api/prescriptions", new
        {
            participant = new { nationalId = fnr, givenName = "Ny", familyName = "Deltaker", kommunenummer = "0301" },
            reasonCode = "L15",
            reasonText,
            goals = "Gå i trapper uten smerter",
            activityTypes = new[] { "SupervisedStrength", "Endurance" },
            sessionsPerWeek = 2,
            minutesPerSession = 45,
            startDate = app.Today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            durationWeeks = 12,
            confirmationIntervalWeeks = 4,
            funding = "SelfPaid",
        });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        return (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Another person's referral sent to the location through the API, taking its last place.</summary>
    private async Task TakeLastPlaceAsync(Guid location)
    {
        var other = await IssueAsync(UiSession.NewNationalId(), "Skulder");
        var sent = await app.Gp().PostAsJsonAsync($"/api/prescriptions/{other}/send", new { locationId = location });
        sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
    }

    /// <summary>A gym location of the test's own in Oslo's centre with one place, so it is offered first and fills at once.</summary>
    private async Task<Location> NewLocationAsync(int capacity)
    {
        return await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<AktivDbContext>();
            var provider = await db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync();
            var centre = await db.Municipalities.Where(m => m.Kommunenummer == "0301").Select(m => new { m.CentreLatitude, m.CentreLongitude }).SingleAsync();
            var location = new Location
            {
                ProviderId = provider,
                Name = $"Siste plass {Guid.NewGuid().ToString("N")[..6]}",
                Address = "Karl Johans gate 1, 0154 Oslo",
                Kommunenummer = "0301",
                Latitude = centre.CentreLatitude,
                Longitude = centre.CentreLongitude,
                Capacity = capacity,
                OpeningHours = "Mo-Fr 06:00-22:00",
            };
            db.Locations.Add(location);
            await db.SaveChangesAsync();
            return location;
        });
    }
}
