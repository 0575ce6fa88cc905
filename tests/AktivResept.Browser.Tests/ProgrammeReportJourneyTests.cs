using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Programmes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>The coordinator reads the «Aktiv på dagtid» monthly report from the overview, on a desktop and a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProgrammeReportJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Coordinator = "Oslo kommune, koordinator";
    private const string Series = "Nettlesertest: styrke";

    [Fact]
    public async Task The_coordinator_reads_fill_rate_and_waiting_list_with_small_counts_hidden()
    {
        await ArrangeAsync();

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Coordinator);
        await ui.GotoAsync("/kommune/oversikt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Aktiv på dagtid: månedsrapport med fyllingsgrad og venteliste" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aktiv på dagtid: månedsrapport", Level = 1 })).ToBeVisibleAsync();
        var row = page.GetByTestId("programme-report").GetByRole(AriaRole.Row).Filter(new() { HasText = Series });
        await Expect(row).ToContainTextAsync("10"); // places on the one session this month
        await Expect(row).ToContainTextAsync("60,0 %");
        await Expect(row).ToContainTextAsync("under 5"); // two on the waiting list
        await ui.AssertAccessibleAsync("programme report");
        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("programme report at 390 px");
        await ui.ScreenshotAsync("programme-report-390");
    }

    /// <summary>A municipal programme (no claims) with one session today: six booked, of whom five attended, and two waiting.</summary>
    private Task<int> ArrangeAsync() => app.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<AktivDbContext>();
        var programme = new Programme { Kommunenummer = "0301", Name = "Aktiv på dagtid (nettlesertest)", Operator = ProgrammeOperator.Municipality, CreatedAt = app.Clock.GetUtcNow(), CreatedBy = "test" };
        var term = new ProgrammeTerm { ProgrammeId = programme.Id, Name = "Test", StartsOn = app.Today, EndsOn = app.Today };
        var series = new ProgrammeSeries
        {
            ProgrammeId = programme.Id,
            TermId = term.Id,
            Activity = ProgrammeActivity.Strength,
            Title = Series,
            LocationId = DemoIdentities.GrunerlokkaLocationId,
            Room = "Sal 9",
            HeadCount = 10,
            Weekday = app.Today.DayOfWeek,
            StartTime = new TimeOnly(7, 0),
            DurationMinutes = 60,
            CreatedAt = app.Clock.GetUtcNow(),
            CreatedBy = "test",
        };
        var occurrence = WeeklySeries.Occurrences(series.Weekday, series.StartTime, 60, app.Today, app.Today).Single();
        var session = new ProgrammeSession
        {
            ProgrammeId = programme.Id,
            SeriesId = series.Id,
            Date = occurrence.Date,
            StartsAt = occurrence.StartsAt,
            EndsAt = occurrence.EndsAt,
            LocationId = series.LocationId,
            Room = series.Room,
            Capacity = 10,
        };
        db.AddRange(programme, term, series, session);
        for (var i = 0; i < 8; i++)
        {
            var person = new Person { NationalIdHash = "browser-" + Guid.NewGuid().ToString("N"), GivenName = "Deltaker", FamilyName = $"{i}", BirthDate = new DateOnly(1980, 1, 1), Kommunenummer = "0301" };
            var status = i < 5 ? BookingStatus.Attended : i == 5 ? BookingStatus.NoShow : BookingStatus.Waiting;
            db.People.Add(person);
            db.ProgrammeBookings.Add(new ProgrammeBooking
            {
                SessionId = session.Id,
                ProgrammeId = programme.Id,
                PersonId = person.Id,
                Status = status,
                QueueNumber = status == BookingStatus.Waiting ? session.NextQueueNumber++ : null,
                CreatedAt = app.Clock.GetUtcNow(),
                CreatedBy = "test",
                StatusChangedAt = app.Clock.GetUtcNow(),
                StatusChangedBy = "test",
            });
            if (status == BookingStatus.Waiting)
            {
                session.Waiting++;
            }
            else
            {
                session.Booked++;
            }
        }

        return await db.SaveChangesAsync();
    });
}
