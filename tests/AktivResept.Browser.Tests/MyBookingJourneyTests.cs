using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// «Aktiv på dagtid» for the participant on a phone (issue 14): found on the public timetable, signed in on the way, she
/// registers, books and cancels, joins a waiting list and confirms the place another participant gave up, is told why a
/// booking is refused, and why an offer she was too late for is gone (the clock moved past its deadline).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MyBookingJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Anne = "Anne Hansen, deltaker";

    [Fact]
    public async Task A_participant_finds_a_session_signs_in_books_cancels_waits_confirms_and_is_told_why_when_refused()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var arranged = await ArrangeAsync(tag);
        using var camilla = app.ApiAs(Roles.Participant, fnr: DemoIdentities.ParticipantCamillaFnr);
        (await camilla.PostAsJsonAsync($"/api/programmes/{arranged.ProgrammeId}/registrations", new { })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var takenFull = await BookAsync(camilla, arranged.ProgrammeId, arranged.Full);
        var takenSoon = await BookAsync(camilla, arranged.ProgrammeId, arranged.Soon);
        try
        {
            // The public timetable is cached for 2 s on the app's clock: move past whatever an earlier journey read.
            app.Clock.Advance(TimeSpan.FromSeconds(3));
            await using var ui = await UiSession.OpenAsync(browser, app, output);
            var page = ui.Page;
            await page.SetViewportSizeAsync(390, 844);
            await ui.GotoAsync("/aktiv-pa-dagtid/0301");
            var listed = page.GetByTestId("session").Filter(new() { HasText = arranged.FreeTitle });
            await Expect(listed).ToContainTextAsync("1 av 1 plasser ledige");
            await ui.AssertAccessibleAsync("public timetable with sign-in links at 390 px");
            await listed.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Logg inn for å booke") }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = Anne, Exact = true }).ClickAsync();
            await page.WaitForURLAsync(new Regex($"/mine-timer/timeplan\\?okt={arranged.Free}"));

            // Landed on the session she chose; first she registers for the programme.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Finn en time – Aktiv på dagtid", Level = 1 })).ToBeVisibleAsync();
            var chosen = page.GetByTestId("chosen-session");
            await Expect(chosen).ToContainTextAsync(arranged.FreeTitle);
            await Expect(chosen).ToContainTextAsync($"Meld deg på {arranged.ProgrammeName} for å booke.");
            await Expect(chosen).ToContainTextAsync("Instruktør: Per");
            await ui.AssertAccessibleAsync("timetable for me before registering at 390 px");
            await page.GetByRole(AriaRole.Region, new() { Name = arranged.ProgrammeName }).GetByRole(AriaRole.Button, new() { Name = "Meld meg på" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Du er påmeldt.");
            await page.GetByTestId("chosen-session").GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Book") }).ClickAsync();

            // Booked; then cancelled well before the deadline.
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Timen er booket.");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mine timer – Aktiv på dagtid", Level = 1 })).ToBeVisibleAsync();
            var booked = page.GetByTestId("upcoming").Filter(new() { HasText = arranged.FreeTitle });
            await Expect(booked).ToContainTextAsync("Du har plass på denne timen.");
            await Expect(booked.GetByTestId("cancel-rule")).ToContainTextAsync("Avbestill innen");
            await ui.AssertAccessibleAsync("my bookings at 390 px");
            await ui.ScreenshotAsync("my-bookings-390");
            await booked.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Avbestill") }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Timen er avbestilt.");
            await Expect(page.GetByTestId("past").Filter(new() { HasText = arranged.FreeTitle }).GetByTestId("status")).ToHaveTextAsync("Avbestilt");

            // A full session: the waiting list, then Camilla gives up her place and Anne confirms it before the deadline.
            await page.GetByRole(AriaRole.Link, new() { Name = "Finn og book en time" }).ClickAsync();
            var full = page.GetByTestId("my-session").Filter(new() { HasText = arranged.FullTitle });
            await Expect(full.GetByTestId("places")).ToContainTextAsync("Fullt");
            await ui.AssertAccessibleAsync("timetable for me at 390 px");
            await full.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Sett meg på venteliste") }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Du står på ventelisten.");
            await Expect(page.GetByTestId("upcoming").Filter(new() { HasText = arranged.FullTitle })).ToContainTextAsync("Du er nummer 1 på ventelisten.");

            (await camilla.PostAsJsonAsync($"/api/programmes/{arranged.ProgrammeId}/sessions/{arranged.Full}/bookings/{takenFull}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
            var deadline = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow().AddHours(12), OsloCalendar.Zone);

            // The SMS only says there is a message; the inbox says which session, until when, and leads to «Mine timer».
            await ui.GotoAsync("/innboks");
            var told = page.Locator("li.inbox__item").Filter(new() { HasText = arranged.FullTitle });
            await Expect(told).ToContainTextAsync("Du har fått plass på en time");
            await Expect(told).ToContainTextAsync($"Bekreft plassen under «Mine timer» innen {deadline.ToString("g", CultureInfo.GetCultureInfo("nb-NO"))}");
            await ui.AssertAccessibleAsync("the offer in the inbox at 390 px");
            await told.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/mine-timer$"));
            var offer = page.GetByTestId("offer").Filter(new() { HasText = arranged.FullTitle });
            await Expect(offer).ToContainTextAsync($"Bekreft innen {deadline.ToString("dddd d. MMMM 'kl.' HH:mm", CultureInfo.GetCultureInfo("nb-NO"))}");
            await ui.AssertAccessibleAsync("an offered place at 390 px");
            await offer.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Bekreft plassen") }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Plassen er bekreftet.");
            await Expect(page.GetByTestId("upcoming").Filter(new() { HasText = arranged.FullTitle })).ToContainTextAsync("Du har plass på denne timen.");

            // A session that overlaps the one she now has: refused, and the page says why.
            await page.GetByRole(AriaRole.Link, new() { Name = "Finn og book en time" }).ClickAsync();
            await page.GetByTestId("my-session").Filter(new() { HasText = arranged.OverlapTitle }).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Book") }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Du har allerede en time");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("som overlapper denne");
            await ui.AssertAccessibleAsync("a refused booking at 390 px");

            // An offer for a session starting in 20 minutes runs out at its start: the clock moves past it before she confirms.
            await page.GetByTestId("my-session").Filter(new() { HasText = arranged.SoonTitle }).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Sett meg på venteliste") }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Du står på ventelisten.");
            (await camilla.PostAsJsonAsync($"/api/programmes/{arranged.ProgrammeId}/sessions/{arranged.Soon}/bookings/{takenSoon}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
            await page.ReloadAsync();
            var late = page.GetByTestId("offer").Filter(new() { HasText = arranged.SoonTitle });
            await Expect(late).ToBeVisibleAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(21));
            await late.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Bekreft plassen") }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Fristen for å bekrefte plassen gikk ut");
            await ui.AssertAccessibleAsync("an expired offer at 390 px");

            await page.SetViewportSizeAsync(1280, 900);
            await ui.AssertAccessibleAsync("my bookings at 1280 px");
            await ui.GotoAsync("/mine-timer/timeplan");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Finn en time – Aktiv på dagtid", Level = 1 })).ToBeVisibleAsync();
            await ui.AssertAccessibleAsync("timetable for me at 1280 px");
        }
        finally
        {
            // Leave no public-timetable read fresh for the next journey.
            app.Clock.Advance(TimeSpan.FromSeconds(3));
        }
    }

    private static async Task<Guid> BookAsync(HttpClient client, Guid programme, Guid session)
    {
        var response = await client.PostAsJsonAsync($"/api/programmes/{programme}/sessions/{session}/bookings", new { });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private sealed record Arranged(Guid ProgrammeId, string ProgrammeName, Guid Free, string FreeTitle, Guid Full, string FullTitle, Guid Overlap, string OverlapTitle, Guid Soon, string SoonTitle);

    /// <summary>
    /// A new Oslo programme with one-place sessions: free in two days (Per Aktiv leads it), one in a week, one overlapping
    /// that, and one starting in 20 minutes.
    /// </summary>
    private Task<Arranged> ArrangeAsync(string tag) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<AktivDbContext>();
            var per = await db.Trainers.Where(t => t.Name == "Per Aktiv").Select(t => t.Id).SingleAsync();
            var now = app.Clock.GetUtcNow();
            var today = app.Today;
            var programme = new Programme
            {
                Kommunenummer = "0301",
                Name = $"Dagtid booking {tag}",
                Operator = ProgrammeOperator.Municipality,
                CreatedAt = now,
                CreatedBy = "test",
            };
            var term = new ProgrammeTerm { ProgrammeId = programme.Id, Name = "Test", StartsOn = today, EndsOn = today.AddDays(27) };
            db.AddRange(programme, term);
            Guid Session(string title, DateTimeOffset startsAt, int capacity, Guid? instructor = null)
            {
                var date = OsloCalendar.DateOf(startsAt);
                var series = new ProgrammeSeries
                {
                    ProgrammeId = programme.Id,
                    TermId = term.Id,
                    Activity = ProgrammeActivity.Strength,
                    Title = title,
                    LocationId = DemoIdentities.GrunerlokkaLocationId,
                    Room = "Sal 2",
                    HeadCount = capacity,
                    InstructorTrainerId = instructor,
                    Weekday = date.DayOfWeek,
                    StartTime = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(startsAt, OsloCalendar.Zone).DateTime),
                    DurationMinutes = 60,
                    Intensity = Intensity.Low,
                    CreatedAt = now,
                    CreatedBy = "test",
                };
                var session = new ProgrammeSession
                {
                    ProgrammeId = programme.Id,
                    SeriesId = series.Id,
                    Date = date,
                    StartsAt = startsAt,
                    EndsAt = startsAt.AddMinutes(60),
                    LocationId = series.LocationId,
                    Room = series.Room,
                    InstructorTrainerId = instructor,
                    Capacity = capacity,
                };
                db.AddRange(series, session);
                return session.Id;
            }

            DateTimeOffset At(DateOnly day, int hour, int minute) =>
                new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), OsloCalendar.Zone.GetUtcOffset(day.ToDateTime(new TimeOnly(hour, minute)))).ToUniversalTime();
            var arranged = new Arranged(
                programme.Id, programme.Name,
                Session($"Styrke {tag}", At(today.AddDays(2), 12, 0), 1, per), $"Styrke {tag}",
                Session($"Balanse {tag}", At(today.AddDays(7), 12, 0), 1), $"Balanse {tag}",
                Session($"Yoga {tag}", At(today.AddDays(7), 12, 30), 5), $"Yoga {tag}",
                Session($"Gåtur {tag}", now.AddMinutes(20), 1), $"Gåtur {tag}");
            await db.SaveChangesAsync();
            return arranged;
        });
}
