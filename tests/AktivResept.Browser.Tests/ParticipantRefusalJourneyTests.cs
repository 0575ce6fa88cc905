using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// «Each refused action shows why» (issue 14), clicked through on a phone: every booking rule a participant can meet on
/// her own pages — the weekly limit, a date she is not eligible on (with the nearest session she may book), the no-show
/// pause, a session that started, was cancelled or is already hers, a programme that ended, a full session (she is
/// queued instead), a late cancellation, a cancellation after the start and a booking changed meanwhile — each answered
/// on the page in words addressed to her, axe-clean at 390×844.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ParticipantRefusalJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_refused_booking_step_says_why_in_the_participants_words()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var s = await ArrangeAsync(tag);
        using var anne = app.ApiAs(Roles.Participant, fnr: DemoIdentities.ParticipantAnneFnr);
        using var camilla = app.ApiAs(Roles.Participant, fnr: DemoIdentities.ParticipantCamillaFnr);
        foreach (var programme in new[] { s.Main, s.NoShows })
        {
            (await anne.PostAsJsonAsync($"/api/programmes/{programme}/registrations", new { })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        (await camilla.PostAsJsonAsync($"/api/programmes/{s.Main}/registrations", new { })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await RecordNoShowsAsync(s.NoShows);
        foreach (var week in s.Week[..3])
        {
            await BookAsync(anne, s.Main, week);
        }

        await BookAsync(anne, s.Main, s.Late);
        var stale = await BookAsync(anne, s.Main, s.Stale);
        await BookAsync(anne, s.Main, s.BookedSoon);
        var benefits = await BenefitGapAsync(s.GapDay);
        try
        {
            await using var ui = await UiSession.OpenAsync(browser, app, output);
            var page = ui.Page;
            await page.SetViewportSizeAsync(390, 844);
            await ui.SignInAsAsync("Anne Hansen, deltaker");
            await ui.GotoAsync("/mine-timer/timeplan");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Finn en time – Aktiv på dagtid", Level = 1 })).ToBeVisibleAsync();

            // The weekly limit: three sessions that week already.
            await BookOnPageAsync(page, $"Uke4 {tag}");
            await RefusedAsync(ui, "weekly limit", "Du kan ha høyst 3 timer i samme uke", "velg en time i en annen uke");

            // Not eligible on that date (her benefit has a gap that day): the refusal names the next session of the series she may book.
            await page.GetByTestId("my-session").Filter(new() { HasText = $"Ytelse {tag}" }).First
                .GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Book") }).ClickAsync();
            var norwegian = System.Globalization.CultureInfo.GetCultureInfo("nb-NO");
            await RefusedAsync(ui, "not eligible on that date", "krever en aktiv ytelse",
                $"Neste time i samme serie med ledig plass er {s.GapDay.AddDays(7).ToString("d", norwegian)} kl. 10:00.");

            // The no-show pause, in the other programme: three no-shows in the last week.
            await BookOnPageAsync(page, $"Pause {tag}");
            await RefusedAsync(ui, "no-show pause", "Du kan ikke booke før pausen er over", "du møtte ikke opp 3 ganger");

            // The last place goes to someone else while the page is open: she is queued, not refused.
            await BookAsync(camilla, s.Main, s.LastPlace);
            await BookOnPageAsync(page, $"Siste {tag}");
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Du står på ventelisten.");
            await Expect(page.GetByTestId("upcoming").Filter(new() { HasText = $"Siste {tag}" })).ToContainTextAsync("Du er nummer 1 på ventelisten.");
            await ui.AssertAccessibleAsync("queued instead of booked at 390 px");

            // Booked meanwhile (another tab), cancelled meanwhile by the municipality.
            await page.GetByRole(AriaRole.Link, new() { Name = "Finn og book en time" }).ClickAsync();
            await Expect(page.GetByTestId("my-session").Filter(new() { HasText = $"Dobbel {tag}" })).ToBeVisibleAsync();
            await BookAsync(anne, s.Main, s.Twice);
            await BookOnPageAsync(page, $"Dobbel {tag}");
            await RefusedAsync(ui, "already booked", "Du har allerede denne timen (booket)");

            await CancelSessionAsync(s.Cancelled, "Instruktøren er syk");
            await BookOnPageAsync(page, $"Avlyst {tag}");
            await RefusedAsync(ui, "cancelled session", "er avlyst, så den kan ikke bookes", "Instruktøren er syk");

            // The session starts while she looks at it.
            app.Clock.Advance(TimeSpan.FromMinutes(41));
            await BookOnPageAsync(page, $"Snart {tag}");
            await RefusedAsync(ui, "started session", "har allerede startet, så den kan ikke bookes lenger");

            // «Mine timer»: the no-show status explained, a late cancellation, a booking cancelled meanwhile, one started.
            await ui.GotoAsync("/mine-timer");
            await Expect(page.GetByTestId("no-show-status").Filter(new() { HasText = $"Dagtid oppmøte {tag}" })).ToContainTextAsync("Du kan ikke booke nye timer nå.");
            var lateItem = page.GetByTestId("upcoming").Filter(new() { HasText = $"Sen {tag}" });
            await Expect(lateItem.GetByTestId("cancel-rule")).ToContainTextAsync("blir det registrert som sen avbestilling");
            await ui.AssertAccessibleAsync("no-show status and late-cancel warning at 390 px");
            await lateItem.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Avbestill") }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("registrert som sen avbestilling");
            await Expect(page.GetByTestId("past").Filter(new() { HasText = $"Sen {tag}" }).GetByTestId("status")).ToHaveTextAsync("Sen avbestilling");

            (await anne.PostAsJsonAsync($"/api/programmes/{s.Main}/sessions/{s.Stale}/bookings/{stale}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
            await page.GetByTestId("upcoming").Filter(new() { HasText = $"Gammel {tag}" }).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Avbestill") }).ClickAsync();
            await RefusedAsync(ui, "not cancellable", "Denne timen kan ikke avbestilles (avbestilt)");

            var soonItem = page.GetByTestId("upcoming").Filter(new() { HasText = $"Booket {tag}" });
            await Expect(soonItem).ToBeVisibleAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(70));
            await soonItem.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Avbestill") }).ClickAsync();
            await RefusedAsync(ui, "cancel after the start", "har startet, så du kan ikke lenger avbestille");

            // The programme ends while the timetable is open.
            await ui.GotoAsync("/mine-timer/timeplan");
            await Expect(page.GetByTestId("my-session").Filter(new() { HasText = $"Slutt {tag}" })).ToBeVisibleAsync();
            await EndProgrammeAsync(s.Main);
            await BookOnPageAsync(page, $"Slutt {tag}");
            await RefusedAsync(ui, "ended programme", "Dette tilbudet ble avsluttet", "kan ikke lenger melde deg på eller booke");

            await page.SetViewportSizeAsync(1280, 900);
            await ui.AssertAccessibleAsync("a refusal at 1280 px");
        }
        finally
        {
            await RestoreBenefitsAsync(benefits);

            // Leave Anne no bookings of this journey's, so the weekly limit and the no-show pause touch no other journey.
            await app.WithServicesAsync(async services =>
            {
                var db = services.GetRequiredService<AktivDbContext>();
                await db.ProgrammeBookings.Where(b => b.ProgrammeId == s.Main || b.ProgrammeId == s.NoShows)
                    .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, BookingStatus.Cancelled));
                return 0;
            });
            app.Clock.Advance(TimeSpan.FromSeconds(3));
        }
    }

    /// <summary>
    /// Anne's benefit with a one-day gap on <paramref name="day"/> (the register as NAV would have it after a break);
    /// returns her periods as they were, for <see cref="RestoreBenefitsAsync"/>.
    /// </summary>
    private Task<List<BenefitPeriodRecord>> BenefitGapAsync(DateOnly day) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<AktivDbContext>();
            var hash = services.GetRequiredService<NationalIdLookupHash>().Of(DemoIdentities.ParticipantAnneFnr);
            var before = await db.BenefitPeriods.AsNoTracking().Where(b => b.NationalIdHash == hash).ToListAsync();
            before.ShouldContain(b => b.From < day && (b.To == null || b.To > day));
            await db.BenefitPeriods.Where(b => b.NationalIdHash == hash).ExecuteDeleteAsync();
            foreach (var period in before)
            {
                var covers = period.From <= day && (period.To == null || period.To >= day);
                db.BenefitPeriods.Add(new BenefitPeriodRecord { NationalIdHash = hash, Kind = period.Kind, From = period.From, To = covers ? day.AddDays(-1) : period.To, Source = period.Source });
                if (covers && (period.To == null || period.To > day))
                {
                    db.BenefitPeriods.Add(new BenefitPeriodRecord { NationalIdHash = hash, Kind = period.Kind, From = day.AddDays(1), To = period.To, Source = period.Source });
                }
            }

            await db.SaveChangesAsync();
            return before;
        });

    private Task<int> RestoreBenefitsAsync(List<BenefitPeriodRecord> periods) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<AktivDbContext>();
            var hash = services.GetRequiredService<NationalIdLookupHash>().Of(DemoIdentities.ParticipantAnneFnr);
            await db.BenefitPeriods.Where(b => b.NationalIdHash == hash).ExecuteDeleteAsync();
            db.BenefitPeriods.AddRange(periods.Select(p => new BenefitPeriodRecord { NationalIdHash = p.NationalIdHash, Kind = p.Kind, From = p.From, To = p.To, Source = p.Source }));
            return await db.SaveChangesAsync();
        });

    private static async Task BookOnPageAsync(IPage page, string title) =>
        await page.GetByTestId("my-session").Filter(new() { HasText = title })
            .GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Book|Sett meg på venteliste)") }).ClickAsync();

    /// <summary>The refusal is an alert on the page in her words; no Norwegian staff wording («Personen», «Økten»).</summary>
    private static async Task RefusedAsync(UiSession ui, string name, params string[] words)
    {
        var alert = ui.Page.GetByRole(AriaRole.Alert);
        foreach (var word in words)
        {
            await Expect(alert).ToContainTextAsync(word);
        }

        var text = await alert.InnerTextAsync();
        text.ShouldNotContain("Personen");
        text.ShouldNotContain("Økten");
        await ui.AssertAccessibleAsync($"refused: {name} at 390 px");
    }

    private static async Task<Guid> BookAsync(HttpClient client, Guid programme, Guid session)
    {
        var response = await client.PostAsJsonAsync($"/api/programmes/{programme}/sessions/{session}/bookings", new { });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private Task<int> CancelSessionAsync(Guid session, string reason) =>
        app.WithServicesAsync(async services =>
        {
            var now = app.Clock.GetUtcNow();
            return await services.GetRequiredService<AktivDbContext>().ProgrammeSessions.Where(x => x.Id == session)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.CancelledAt, now).SetProperty(x => x.CancellationReason, reason));
        });

    private Task<int> EndProgrammeAsync(Guid programme) =>
        app.WithServicesAsync(async services =>
        {
            var now = app.Clock.GetUtcNow();
            return await services.GetRequiredService<AktivDbContext>().Programmes.Where(x => x.Id == programme)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.EndedAt, now));
        });

    /// <summary>Three no-shows in the last week, as attendance would have recorded them.</summary>
    private Task<int> RecordNoShowsAsync(Guid programme) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<AktivDbContext>();
            var person = await db.ProgrammeRegistrations.Where(r => r.ProgrammeId == programme).Select(r => r.PersonId).SingleAsync();
            var past = await db.ProgrammeSessions.Where(x => x.ProgrammeId == programme && x.StartsAt < app.Clock.GetUtcNow()).ToListAsync();
            foreach (var session in past)
            {
                db.ProgrammeBookings.Add(new ProgrammeBooking
                {
                    SessionId = session.Id,
                    ProgrammeId = programme,
                    PersonId = person,
                    Status = BookingStatus.NoShow,
                    CreatedAt = session.StartsAt.AddDays(-2),
                    CreatedBy = "self",
                    StatusChangedAt = session.EndsAt,
                    StatusChangedBy = "test",
                });
            }

            past.Count.ShouldBe(3);
            return await db.SaveChangesAsync();
        });

    private sealed record Sessions(
        Guid Main, Guid NoShows, Guid[] Week, Guid LastPlace, Guid Twice, Guid Cancelled, Guid Late, Guid Stale, Guid BookedSoon, DateOnly GapDay);

    /// <summary>
    /// Two new Oslo programmes. The main one: four sessions in one week three weeks ahead (the weekly limit), one-place
    /// and ordinary sessions two weeks ahead, one in five hours (a late cancellation), one starting in 40 minutes and one
    /// in 110, and a weekly series of two ten o'clock sessions six and thirteen days ahead (the first on the day her
    /// benefit has a gap). The other: three sessions in the past week (the no-shows) and one in four days.
    /// </summary>
    private Task<Sessions> ArrangeAsync(string tag) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<AktivDbContext>();
            var now = app.Clock.GetUtcNow();
            var today = app.Today;
            (Programme Programme, ProgrammeTerm Term) NewProgramme(string name, DateOnly from)
            {
                var programme = new Programme
                {
                    Kommunenummer = "0301",
                    Name = name,
                    Operator = ProgrammeOperator.Municipality,
                    CreatedAt = now,
                    CreatedBy = "test",
                };
                var term = new ProgrammeTerm { ProgrammeId = programme.Id, Name = "Test", StartsOn = from, EndsOn = today.AddDays(27) };
                db.AddRange(programme, term);
                return (programme, term);
            }

            Guid Session((Programme Programme, ProgrammeTerm Term) p, string title, DateTimeOffset startsAt, int capacity = 5, int weeks = 1)
            {
                var date = OsloCalendar.DateOf(startsAt);
                var series = new ProgrammeSeries
                {
                    ProgrammeId = p.Programme.Id,
                    TermId = p.Term.Id,
                    Activity = ProgrammeActivity.Strength,
                    Title = title,
                    LocationId = DemoIdentities.GrunerlokkaLocationId,
                    Room = "Sal 3",
                    HeadCount = capacity,
                    Weekday = date.DayOfWeek,
                    StartTime = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(startsAt, OsloCalendar.Zone).DateTime),
                    DurationMinutes = 60,
                    Intensity = Intensity.Low,
                    CreatedAt = now,
                    CreatedBy = "test",
                };
                var dated = Enumerable.Range(0, weeks).Select(week => week == 0 ? startsAt : At(date.AddDays(7 * week), series.StartTime.Hour, series.StartTime.Minute)).Select(at => new ProgrammeSession
                {
                    ProgrammeId = p.Programme.Id,
                    SeriesId = series.Id,
                    Date = OsloCalendar.DateOf(at),
                    StartsAt = at,
                    EndsAt = at.AddMinutes(60),
                    LocationId = series.LocationId,
                    Room = series.Room,
                    Capacity = capacity,
                }).ToList();
                db.Add(series);
                db.AddRange(dated);
                return dated[0].Id;
            }

            DateTimeOffset At(DateOnly day, int hour, int minute = 0) =>
                new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), OsloCalendar.Zone.GetUtcOffset(day.ToDateTime(new TimeOnly(hour, minute)))).ToUniversalTime();

            var main = NewProgramme($"Dagtid avslag {tag}", today);
            var noShows = NewProgramme($"Dagtid oppmøte {tag}", today.AddDays(-10));
            var limitWeek = OsloCalendar.MondayOf(today.AddDays(21));
            var nextWeeks = OsloCalendar.MondayOf(today.AddDays(14));
            var sessions = new Sessions(
                main.Programme.Id,
                noShows.Programme.Id,
                [.. Enumerable.Range(1, 4).Select(i => Session(main, $"Uke{i} {tag}", At(limitWeek.AddDays(i - 1), 10)))],
                Session(main, $"Siste {tag}", At(nextWeeks, 12), capacity: 1),
                Session(main, $"Dobbel {tag}", At(nextWeeks.AddDays(1), 9)),
                Session(main, $"Avlyst {tag}", At(nextWeeks.AddDays(2), 9)),
                Session(main, $"Sen {tag}", now.AddHours(5)),
                Session(main, $"Gammel {tag}", At(nextWeeks.AddDays(3), 9)),
                Session(main, $"Booket {tag}", now.AddMinutes(110)),
                today.AddDays(6));
            Session(main, $"Ytelse {tag}", At(sessions.GapDay, 10), weeks: 2);
            Session(main, $"Slutt {tag}", At(nextWeeks.AddDays(4), 9));
            Session(main, $"Snart {tag}", now.AddMinutes(40));
            foreach (var daysAgo in new[] { 7, 5, 3 })
            {
                Session(noShows, $"Før {daysAgo} {tag}", At(today.AddDays(-daysAgo), 10));
            }

            Session(noShows, $"Pause {tag}", At(today.AddDays(4), 13));
            await db.SaveChangesAsync();
            return sessions;
        });
}
