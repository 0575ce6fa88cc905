using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// «Aktiv på dagtid» run by a gym: its admin opens who is registered and links a member number to one of them, so the
/// door system's check-ins recognise her (an empty number is refused on the field first).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProgrammeRosterJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_gym_admin_finds_a_registered_person_and_links_a_member_number()
    {
        var programmeId = await ArrangeAsync();
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync("Aktiv Trening Oslo AS (administrator)");
        await ui.GotoAsync($"/tilbyder/aktiv-pa-dagtid/{programmeId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Påmeldte", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Påmeldte – Dagtrening Rodeløkka", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("roster-count")).ToHaveTextAsync("2 påmeldte");
        await Expect(page.GetByTestId("roster").GetByRole(AriaRole.Row).Filter(new() { HasText = "Nora Medlem" })).ToContainTextAsync("Ikke koblet");
        await ui.AssertAccessibleAsync("roster");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("roster at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByLabel("Søk på navn").FillAsync("nora");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("roster-count")).ToHaveTextAsync("1 påmeldt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Koble medlemsnummer Nora Medlem" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Koble medlemsnummer", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Koble nummeret" }).ClickAsync();
        await Expect(page.GetByLabel("Medlemsnummer")).ToHaveAttributeAsync("aria-invalid", "true");
        await ui.AssertAccessibleAsync("link member number with an error");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("link member number with an error at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByLabel("Medlemsnummer").FillAsync("AT-4242");
        await page.GetByRole(AriaRole.Button, new() { Name = "Koble nummeret" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Medlemsnummeret er koblet");
        await Expect(page.GetByTestId("roster").GetByRole(AriaRole.Row).Filter(new() { HasText = "Nora Medlem" })).ToContainTextAsync("AT-4242");
    }

    /// <summary>A programme Aktiv Trening Oslo runs under its contract, with two people registered.</summary>
    private Task<Guid> ArrangeAsync() => app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<AktivDbContext>();
        var gym = await db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync();
        var programme = new Programme
        {
            Kommunenummer = "0301",
            Name = "Dagtrening Rodeløkka",
            Operator = ProgrammeOperator.GymUnderContract,
            ProviderId = gym,
            CreatedAt = BrowserApp.Start,
            CreatedBy = "test",
        };
        var people = new[] { ("Nora", "Medlem"), ("Per", "Påmeldt") }.Select(name => new Person
        {
            NationalIdHash = $"test-{Guid.NewGuid():N}",
            GivenName = name.Item1,
            FamilyName = name.Item2,
            BirthDate = new DateOnly(1980, 5, 1),
            Kommunenummer = "0301",
        }).ToList();
        db.Add(programme);
        db.People.AddRange(people);
        db.ProgrammeRegistrations.AddRange(people.Select(p => new ProgrammeRegistration
        {
            ProgrammeId = programme.Id,
            PersonId = p.Id,
            Basis = ProgrammeEligibilityBasis.Benefit,
            RegisteredAt = BrowserApp.Start,
            RegisteredBy = "test",
        }));
        await db.SaveChangesAsync();
        return programme.Id;
    });
}
