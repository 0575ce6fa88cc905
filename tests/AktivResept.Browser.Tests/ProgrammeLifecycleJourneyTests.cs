using System.Globalization;
using System.Text.RegularExpressions;
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
/// «Aktiv på dagtid»: the coordinator edits a weekly class (capacity below the places taken is refused on the field,
/// then a new time and capacity are saved) and ends the programme (later dates cancelled with the reason).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProgrammeLifecycleJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Coordinator = "Oslo kommune, koordinator";

    [Fact]
    public async Task The_coordinator_edits_a_class_and_ends_the_programme()
    {
        var (programmeId, firstDate) = await ArrangeAsync();
        string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Coordinator);
        await ui.GotoAsync($"/kommune/aktiv-pa-dagtid/{programmeId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tidligtrening Oslo", Level = 1 })).ToBeVisibleAsync();

        // Two people hold places on the first date: one place is too few.
        await page.GetByTestId("series").GetByRole(AriaRole.Link, new() { Name = "Endre Morgenstyrke" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Endre timen", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("edit class");
        await page.GetByLabel(new Regex("^Antall plasser")).FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre endringene" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("2 plasser tatt");
        await Expect(page.GetByLabel(new Regex("^Antall plasser"))).ToHaveAttributeAsync("aria-invalid", "true");
        await ui.AssertAccessibleAsync("edit class with a capacity error");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("edit class with a capacity error at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByLabel(new Regex("^Antall plasser")).FillAsync("8");
        await page.GetByLabel("Starttid").FillAsync("06:45");
        await page.GetByLabel("Tittel").FillAsync("Morgenstyrke med pauser");
        await page.GetByLabel("Aktivitet").SelectOptionAsync(new SelectOptionValue { Label = "Yoga" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre endringene" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Timen er endret");
        await Expect(page.GetByTestId("series")).ToContainTextAsync("06:45");
        await Expect(page.GetByTestId("series")).ToContainTextAsync("8 plasser");
        await Expect(page.GetByTestId("series")).ToContainTextAsync("Morgenstyrke med pauser (Yoga)");

        // End after the first date: the later ones are cancelled with the reason.
        await page.GetByRole(AriaRole.Link, new() { Name = "Avslutt tilbudet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Avslutt tilbudet", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Avslutt tilbudet" }).ClickAsync();
        await Expect(page.GetByLabel("Siste dag")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Årsak")).ToHaveAttributeAsync("aria-invalid", "true");
        await ui.AssertAccessibleAsync("end programme with errors");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("end programme with errors at 390 px");
        await page.SetViewportSizeAsync(1280, 900);
        await page.GetByLabel("Siste dag").FillAsync(Iso(firstDate));
        await page.GetByLabel("Årsak").FillAsync("Tilbudet flyttes til Majorstuen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Avslutt tilbudet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Tilbudet avsluttes");
        await Expect(page.GetByTestId("programme-end")).ToContainTextAsync("Tilbudet avsluttes etter");
        await Expect(page.GetByTestId("sessions").GetByRole(AriaRole.Row).Filter(new() { HasText = "Avlyst: Tilbudet flyttes til Majorstuen" })).ToHaveCountAsync(3);
        await ui.AssertAccessibleAsync("ended programme");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("ended programme at 390 px");
    }

    /// <summary>Oslo's programme with one weekly 06:15 class for four weeks from the day after tomorrow, two people booked on its first date.</summary>
    private Task<(Guid Programme, DateOnly First)> ArrangeAsync() => app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<AktivDbContext>();
        var start = app.Today.AddDays(2);
        var end = start.AddDays(27);
        var instructor = await db.Trainers.Where(t => t.Name == "Siri Sterk").Select(t => t.Id).FirstAsync();
        var programme = new Programme { Kommunenummer = "0301", Name = "Tidligtrening Oslo", Operator = ProgrammeOperator.Municipality, CreatedAt = BrowserApp.Start, CreatedBy = "test" };
        var term = new ProgrammeTerm { ProgrammeId = programme.Id, Name = "Vinter", StartsOn = start, EndsOn = end };
        var series = new ProgrammeSeries
        {
            ProgrammeId = programme.Id,
            TermId = term.Id,
            Activity = ProgrammeActivity.Strength,
            Title = "Morgenstyrke",
            LocationId = DemoIdentities.GrunerlokkaLocationId,
            Room = "Sal 7",
            HeadCount = 10,
            InstructorTrainerId = instructor,
            Weekday = start.DayOfWeek,
            StartTime = new TimeOnly(6, 15),
            DurationMinutes = 45,
            Intensity = Intensity.Moderate,
            CreatedAt = BrowserApp.Start,
            CreatedBy = "test",
        };
        var sessions = WeeklySeries.Occurrences(series.Weekday, series.StartTime, series.DurationMinutes, start, end)
            .Select(o => new ProgrammeSession
            {
                ProgrammeId = programme.Id,
                SeriesId = series.Id,
                Date = o.Date,
                StartsAt = o.StartsAt,
                EndsAt = o.EndsAt,
                LocationId = series.LocationId,
                Room = series.Room,
                InstructorTrainerId = instructor,
                Capacity = 10,
            }).ToList();
        var people = new[] { "Kari", "Ola" }.Select(name => new Person
        {
            NationalIdHash = $"test-{Guid.NewGuid():N}",
            GivenName = name,
            FamilyName = "Morgen",
            BirthDate = new DateOnly(1975, 3, 1),
            Kommunenummer = "0301",
        }).ToList();
        db.AddRange(programme, term, series);
        db.ProgrammeSessions.AddRange(sessions);
        db.People.AddRange(people);
        foreach (var person in people)
        {
            db.ProgrammeBookings.Add(new ProgrammeBooking
            {
                SessionId = sessions[0].Id,
                ProgrammeId = programme.Id,
                PersonId = person.Id,
                Status = BookingStatus.Booked,
                CreatedAt = BrowserApp.Start,
                CreatedBy = "test",
                StatusChangedAt = BrowserApp.Start,
                StatusChangedBy = "test",
            });
        }

        sessions[0].Booked = people.Count;
        await db.SaveChangesAsync();
        return (programme.Id, sessions[0].Date);
    });
}
