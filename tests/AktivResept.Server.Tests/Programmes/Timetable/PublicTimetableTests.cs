using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Features.Programmes.Timetable;
using AktivResept.Server.Tests.Infrastructure;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Timetable;

/// <summary>The public timetable: no sign-in, no personal data, free places at most 5 s old, and .ics per series.</summary>
public sealed class PublicTimetableTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>, IAsyncLifetime
{
    private Guid _programme;
    private Guid _per;

    public async Task InitializeAsync()
    {
        await app.ClearTimetableAsync();
        _programme = await app.GymProgrammeAsync();
        _per = await app.TrainerAsync("Per Aktiv");

        // Another test's reads may still be in the shared cache: let them age out.
        app.Clock.Advance(PublicTimetableCache.Lifetime);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Gym => app.AsGym(DemoIdentities.AktivTreningOsloOrg);

    private async Task<(Guid Series, List<ProgrammeSession> Sessions)> SeriesAsync(string weekday, string activity = "Strength", string[]? accessibility = null)
    {
        var term = await Gym.TermAsync(_programme);
        var series = await (await Gym.AddSeriesAsync(_programme, term, TimetableKit.Series(_per, room: $"Sal {weekday}", weekday: weekday, activity: activity, accessibility: accessibility)))
            .BodyAsync(HttpStatusCode.Created);
        return (series.Id(), await app.SessionsAsync(series.Id()));
    }

    [Fact]
    public async Task Anyone_sees_the_free_places_and_nobody_sees_who_booked()
    {
        var (_, sessions) = await SeriesAsync("Tuesday");
        var people = await app.QueryAsync(db => db.People.Select(p => new { p.Id, Name = p.FamilyName }).Take(3).ToListAsync());
        await app.BookAsync(sessions[0].Id, (people[0].Id, BookingStatus.Booked), (people[1].Id, BookingStatus.Booked), (people[2].Id, BookingStatus.Waiting));

        var response = await app.CreateClient().GetAsync("/api/public/aktiv-pa-dagtid/0301?from=2026-11-30&to=2026-12-13");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var body = System.Text.Json.JsonDocument.Parse(text).RootElement;
        var row = body.GetProperty("sessions").EnumerateArray().Single(s => s.Id() == sessions[0].Id);
        (row.GetProperty("capacity").GetInt32(), row.GetProperty("freePlaces").GetInt32(), row.GetProperty("waiting").GetInt32(), row.GetProperty("startTime").GetString())
            .ShouldBe((10, 8, 1, "10:00"));
        body.GetProperty("sessions").GetArrayLength().ShouldBe(2);
        foreach (var person in people)
        {
            text.ShouldNotContain(person.Id.ToString());
            text.ShouldNotContain(person.Name);
        }

        text.ShouldNotContain("person", Case.Insensitive);
        text.ShouldNotContain("Per Aktiv");
        (await app.CreateClient().GetAsync("/api/public/aktiv-pa-dagtid/1234")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_timetable_filters_by_day_activity_and_accessibility_and_names_a_bad_filter()
    {
        var (_, tuesdays) = await SeriesAsync("Tuesday", "Strength", ["Elevator"]);
        var (_, thursdays) = await SeriesAsync("Thursday", "Yoga", ["Elevator", "InductionLoop"]);
        var client = app.CreateClient();

        var yoga = await (await client.GetAsync("/api/public/aktiv-pa-dagtid/0301?from=2026-11-30&to=2026-12-13&activity=yoga")).BodyAsync(HttpStatusCode.OK);
        var tuesday = await (await client.GetAsync("/api/public/aktiv-pa-dagtid/0301?from=2026-11-30&to=2026-12-13&day=Tuesday")).BodyAsync(HttpStatusCode.OK);
        var loop = await (await client.GetAsync("/api/public/aktiv-pa-dagtid/0301?from=2026-11-30&to=2026-12-13&accessibility=Elevator,InductionLoop")).BodyAsync(HttpStatusCode.OK);

        yoga.GetProperty("sessions").EnumerateArray().Select(s => s.Id()).ShouldBe(thursdays.Take(2).Select(s => s.Id));
        tuesday.GetProperty("sessions").EnumerateArray().Select(s => s.Id()).ShouldBe(tuesdays.Take(2).Select(s => s.Id));
        loop.GetProperty("sessions").EnumerateArray().Select(s => s.Id()).ShouldBe(thursdays.Take(2).Select(s => s.Id));
        var bad = await client.GetAsync("/api/public/aktiv-pa-dagtid/0301?day=Someday&activity=3");
        var errors = (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.GetProperty("day")[0].GetProperty("code").GetString().ShouldBe("one-of");
        errors.GetProperty("activity")[0].GetProperty("code").GetString().ShouldBe("one-of");
        var range = await client.GetAsync("/api/public/aktiv-pa-dagtid/0301?from=2026-12-10&to=2026-12-01");
        (await range.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("to")[0].GetProperty("code").GetString().ShouldBe("timetable.range");
    }

    [Fact]
    public async Task A_booking_written_to_the_database_shows_in_the_public_count_within_5_seconds()
    {
        PublicTimetableCache.Lifetime.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(5));
        var (_, sessions) = await SeriesAsync("Wednesday");
        var client = app.CreateClient();
        async Task<int> FreeAsync() => (await (await client.GetAsync("/api/public/aktiv-pa-dagtid/0301?from=2026-12-02&to=2026-12-02")).BodyAsync(HttpStatusCode.OK))
            .GetProperty("sessions")[0].GetProperty("freePlaces").GetInt32();
        (await FreeAsync()).ShouldBe(10);

        var person = await app.QueryAsync(db => db.People.Select(p => p.Id).FirstAsync());
        await app.BookAsync(sessions[0].Id, (person, BookingStatus.Booked));
        var cached = await FreeAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var fresh = await FreeAsync();

        cached.ShouldBe(10);
        fresh.ShouldBe(9);
    }

    [Fact]
    public async Task A_phone_that_has_the_answer_gets_304_until_the_count_changes()
    {
        var (_, sessions) = await SeriesAsync("Friday");
        var client = app.CreateClient();
        const string path = "/api/public/aktiv-pa-dagtid/0301?from=2026-12-04&to=2026-12-04";
        async Task<HttpResponseMessage> GetAsync(string? etag)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (etag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            return await client.SendAsync(request);
        }

        var first = await GetAsync(null);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = first.Headers.ETag.ShouldNotBeNull().ToString();
        app.Clock.Advance(PublicTimetableCache.Lifetime); // a fresh read of the same count: the same tag
        var unchanged = await GetAsync(etag);

        var person = await app.QueryAsync(db => db.People.Select(p => p.Id).FirstAsync());
        await app.BookAsync(sessions[0].Id, (person, BookingStatus.Booked));
        app.Clock.Advance(PublicTimetableCache.Lifetime);
        var changed = await GetAsync(etag);

        unchanged.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await unchanged.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        changed.Headers.ETag.ShouldNotBeNull().ToString().ShouldNotBe(etag);
        (await changed.BodyAsync(HttpStatusCode.OK)).GetProperty("sessions")[0].GetProperty("freePlaces").GetInt32().ShouldBe(9);
    }

    [Fact]
    public async Task A_series_calendar_is_Oslo_time_without_holidays_and_with_the_cancelled_date_marked()
    {
        var (series, sessions) = await SeriesAsync("Tuesday");
        (await Gym.PostAsJsonAsync($"/api/programmes/{_programme}/sessions/{sessions[1].Id}/cancel", new { reason = "Stengt for vedlikehold" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await app.CreateClient().GetAsync($"/api/public/aktiv-pa-dagtid/series/{series}.ics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync())!;
        calendar.TimeZones.Select(z => z.TzId).ShouldBe(["Europe/Oslo"]);
        var events = calendar.Events.OrderBy(e => e.DtStart!.Value).ToList();
        events.Select(e => DateOnly.FromDateTime(e.DtStart!.Value)).ShouldBe(sessions.Select(s => s.Date));
        events.ShouldAllBe(e => e.DtStart!.TzId == "Europe/Oslo" && e.DtStart.Value.Hour == 10);
        events.ShouldNotContain(e => TimetableKit.Holidays.Contains(DateOnly.FromDateTime(e.DtStart!.Value)));
        events.Where(e => e.Status == EventStatus.Cancelled).Select(e => e.Uid).ShouldBe([$"{sessions[1].Id}@aktivresept"]);
        events[1].Description!.ShouldContain("Stengt for vedlikehold");
        events[0].DtStart!.AsUtc.ShouldBe(sessions[0].StartsAt.UtcDateTime);
        (await app.CreateClient().GetAsync($"/api/public/aktiv-pa-dagtid/series/{Guid.NewGuid()}.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
