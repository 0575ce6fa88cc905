using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Timetable;

/// <summary>Weekly series unrolled into dated sessions: holidays, capacity by floor area, double-booking, edits and cancelled dates.</summary>
public sealed class SeriesPlanningTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>, IAsyncLifetime
{
    private Guid _programme;
    private Guid _term;
    private Guid _per;

    public async Task InitializeAsync()
    {
        await app.ClearTimetableAsync();
        _programme = await app.GymProgrammeAsync();
        _term = await app.AsGym(DemoIdentities.AktivTreningOsloOrg).TermAsync(_programme);
        _per = await app.TrainerAsync("Per Aktiv");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Gym => app.AsGym(DemoIdentities.AktivTreningOsloOrg);

    [Fact]
    public async Task A_series_is_a_session_a_week_at_Oslo_time_without_the_holidays_and_capacity_is_the_smaller_of_heads_and_area()
    {
        var series = await (await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per, headCount: 12, area: 41m))).BodyAsync(HttpStatusCode.Created);

        series.GetProperty("capacity").GetInt32().ShouldBe(10);
        var sessions = await app.SessionsAsync(series.Id());
        sessions.Select(s => s.Date).ShouldBe([new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 15), new DateOnly(2027, 1, 5)]);
        sessions.ShouldAllBe(s => s.Capacity == 10 && s.StartsAt.Hour == 9 && s.StartsAt.Minute == 0 && s.EndsAt == s.StartsAt.AddHours(1));
        var byHeads = await (await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per, room: "Sal 2", weekday: "Thursday", headCount: 6, area: 100m))).BodyAsync(HttpStatusCode.Created);
        byHeads.GetProperty("capacity").GetInt32().ShouldBe(6);
    }

    [Fact]
    public async Task A_room_in_use_at_an_overlapping_time_is_a_409_naming_the_session_and_nothing_is_saved()
    {
        var first = await (await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per))).BodyAsync(HttpStatusCode.Created);
        var firstSession = (await app.SessionsAsync(first.Id()))[0];
        var siri = await app.TrainerAsync("Siri Sterk");

        var clash = await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(siri, room: "sal 1", start: "10:30"));

        var problem = await clash.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("programme.room-double-booked");
        problem.GetProperty("field").GetString().ShouldBe("room");
        problem.GetProperty("args").GetProperty("session").GetGuid().ShouldBe(firstSession.Id);
        (await app.QueryAsync(db => db.ProgrammeSeries.CountAsync(s => s.ProgrammeId == _programme))).ShouldBe(1);
        (await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(siri, room: "Sal 1", start: "11:00"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_instructor_leading_another_class_at_the_time_is_a_409_naming_the_session()
    {
        var first = await (await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per, weekday: "Wednesday"))).BodyAsync(HttpStatusCode.Created);

        var clash = await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per, location: DemoIdentities.MajorstuenLocationId, room: "Sal A", weekday: "Wednesday", start: "09:30"));

        var problem = await clash.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("programme.instructor-double-booked");
        problem.GetProperty("field").GetString().ShouldBe("instructorTrainerId");
        problem.GetProperty("args").GetProperty("session").GetGuid().ShouldBe((await app.SessionsAsync(first.Id()))[0].Id);
    }

    [Fact]
    public async Task The_instructor_must_be_a_certified_trainer_of_the_gym_that_runs_it()
    {
        var expired = await app.TrainerAsync("Jon Utløpt");
        var elsewhere = await app.TrainerAsync("Astrid Lien");

        var notCertified = await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(expired, weekday: "Friday"));
        var otherGym = await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(elsewhere, weekday: "Friday"));

        (await notCertified.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("programme.instructor-not-certified");
        var errors = (await otherGym.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.GetProperty("instructorTrainerId")[0].GetProperty("code").GetString().ShouldBe("programme.instructor-not-operators");
    }

    [Fact]
    public async Task Bad_series_input_names_each_field()
    {
        var response = await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per, start: "25:99", duration: 5, headCount: null, area: null, activity: "WalkingGroup",
            location: DemoIdentities.BergenSentrumLocationId));

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.GetProperty("startTime")[0].GetProperty("code").GetString().ShouldBe("programme.start-time");
        errors.GetProperty("durationMinutes")[0].GetProperty("code").GetString().ShouldBe("between");
        errors.GetProperty("locationId")[0].GetProperty("code").GetString().ShouldBe("programme.location-not-operators");
        var noCapacity = await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per, headCount: null, area: null, activity: "WalkingGroup"));
        (await noCapacity.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("headCount")[0].GetProperty("code").GetString().ShouldBe("programme.capacity-required");
    }

    [Fact]
    public async Task An_edit_changes_the_future_sessions_but_never_below_the_places_taken()
    {
        var series = await (await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per, weekday: "Monday"))).BodyAsync(HttpStatusCode.Created);
        var sessions = await app.SessionsAsync(series.Id());
        var people = await app.QueryAsync(db => db.People.Select(p => p.Id).Take(6).ToListAsync());
        await app.BookAsync(sessions[1].Id, [.. people.Select(p => (p, BookingStatus.Booked))]);

        var tooSmall = await Gym.PutAsJsonAsync($"/api/programmes/{_programme}/series/{series.Id()}", TimetableKit.Series(_per, weekday: "Monday", headCount: 5));
        var problem = await tooSmall.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("programme.capacity-below-booked");
        problem.GetProperty("args").GetProperty("booked").GetInt32().ShouldBe(6);
        (await app.SessionsAsync(series.Id())).ShouldAllBe(s => s.Capacity == 10);

        var edited = await Gym.PutAsJsonAsync($"/api/programmes/{_programme}/series/{series.Id()}", TimetableKit.Series(_per, weekday: "Monday", headCount: 6, start: "11:15", room: "Sal 3"));
        (await edited.BodyAsync(HttpStatusCode.OK)).GetProperty("capacity").GetInt32().ShouldBe(6);
        (await app.SessionsAsync(series.Id())).ShouldAllBe(s => s.Capacity == 6 && s.Room == "Sal 3" && s.StartsAt.Hour == 10 && s.StartsAt.Minute == 15);
        var weekday = await Gym.PutAsJsonAsync($"/api/programmes/{_programme}/series/{series.Id()}", TimetableKit.Series(_per, weekday: "Friday"));
        (await weekday.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("weekday")[0].GetProperty("code").GetString().ShouldBe("programme.weekday-fixed");
    }

    [Fact]
    public async Task Cancelling_a_date_ends_its_bookings_and_tells_every_booked_or_waiting_person_once()
    {
        var series = await (await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per, weekday: "Thursday", start: "13:00"))).BodyAsync(HttpStatusCode.Created);
        var session = (await app.SessionsAsync(series.Id()))[0];
        var people = await app.QueryAsync(db => db.People.Select(p => p.Id).Take(4).ToListAsync());
        await app.BookAsync(session.Id, (people[0], BookingStatus.Booked), (people[1], BookingStatus.Booked), (people[2], BookingStatus.Waiting), (people[3], BookingStatus.Cancelled));

        var before = await app.QueryAsync(db => db.OutboxMessages.Select(m => m.Id).ToListAsync());
        var cancelled = await (await Gym.PostAsJsonAsync($"/api/programmes/{_programme}/sessions/{session.Id}/cancel", new { reason = "Instruktøren er syk" }))
            .BodyAsync(HttpStatusCode.OK);

        cancelled.GetProperty("notified").GetInt32().ShouldBe(3);
        // Each one's inbox says which date, where and why; the SMS only that there is a message.
        var messages = await app.QueryAsync(db => db.InboxMessages.Where(m => m.Type == PrescriptionEventType.SessionCancelled && m.Data.Contains(session.Id.ToString())).ToListAsync());
        messages.Select(m => m.RecipientId).Order().ShouldBe(people.Take(3).Order());
        messages.ShouldAllBe(m => m.RecipientKind == RecipientKind.Participant);
        foreach (var told in messages.Select(m => System.Text.Json.JsonSerializer.Deserialize<SessionCancelledData>(m.Data, System.Text.Json.JsonSerializerOptions.Web).ShouldNotBeNull()))
        {
            (told.Title, told.Location, told.Room, told.Reason, told.StartsAt).ShouldBe(("Styrke for nybegynnere", "Aktiv Trening Grünerløkka", session.Room, "Instruktøren er syk", session.StartsAt));
        }

        var sms = await app.QueryAsync(db => db.OutboxMessages.Where(m => !before.Contains(m.Id)).ToListAsync());
        sms.Select(m => m.RecipientId).Order().ShouldBe(people.Take(3).Order());
        sms.ShouldAllBe(m => m.Text == Server.Features.Notifications.Messaging.MessageTexts.NewMessage && m.Channel == MessageChannel.Sms);
        var bookings = await app.QueryAsync(db => db.ProgrammeBookings.Where(b => b.SessionId == session.Id).ToListAsync());
        bookings.Count(b => b.Status == BookingStatus.SessionCancelled).ShouldBe(3);
        var after = await app.QueryAsync(db => db.ProgrammeSessions.SingleAsync(s => s.Id == session.Id));
        (after.IsCancelled, after.Booked, after.Waiting, after.CancellationReason).ShouldBe((true, 0, 0, "Instruktøren er syk"));

        var again = await Gym.PostAsJsonAsync($"/api/programmes/{_programme}/sessions/{session.Id}/cancel", new { reason = "Igjen" });
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("programme.session-already-cancelled");
        (await app.QueryAsync(db => db.InboxMessages.CountAsync(m => m.Type == PrescriptionEventType.SessionCancelled && m.Data.Contains(session.Id.ToString())))).ShouldBe(3);
        (await app.QueryAsync(db => db.OutboxMessages.CountAsync(m => !before.Contains(m.Id)))).ShouldBe(3);
        var noReason = await Gym.PostAsJsonAsync($"/api/programmes/{_programme}/sessions/{(await app.SessionsAsync(series.Id()))[1].Id}/cancel", new { reason = " " });
        (await noReason.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("reason").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Array);
    }

    [Fact]
    public async Task A_session_that_has_started_cannot_be_cancelled_and_another_gym_cannot_touch_it()
    {
        var past = await ProgrammeTestData.WeeklyClassAsync(app, "0301", DemoIdentities.MajorstuenLocationId, 10, 1, new DateOnly(2026, 11, 16), ProgrammeOperator.Municipality, null, null);
        var series = await (await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per, weekday: "Saturday"))).BodyAsync(HttpStatusCode.Created);
        var session = (await app.SessionsAsync(series.Id()))[0];

        var started = await app.AsOsloCoordinator().PostAsJsonAsync($"/api/programmes/{past.ProgrammeId}/sessions/{past.SessionIds[0]}/cancel", new { reason = "For sent" });
        var otherGym = await app.AsGym(DemoIdentities.SterkHverdagOrg).PostAsJsonAsync($"/api/programmes/{_programme}/sessions/{session.Id}/cancel", new { reason = "Nei" });

        (await started.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("programme.session-started");
        await otherGym.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.ProgrammeSessions.SingleAsync(s => s.Id == session.Id))).IsCancelled.ShouldBeFalse();
    }

    [Fact]
    public async Task Staff_see_fill_rate_and_waiting_list_per_session()
    {
        var series = await (await Gym.AddSeriesAsync(_programme, _term, TimetableKit.Series(_per, weekday: "Sunday", headCount: 4))).BodyAsync(HttpStatusCode.Created);
        var session = (await app.SessionsAsync(series.Id()))[0];
        var people = await app.QueryAsync(db => db.People.Select(p => p.Id).Take(3).ToListAsync());
        await app.BookAsync(session.Id, (people[0], BookingStatus.Booked), (people[1], BookingStatus.Booked), (people[2], BookingStatus.Waiting));

        var list = await (await Gym.GetAsync($"/api/programmes/{_programme}/sessions?from=2026-12-01&to=2026-12-31")).BodyAsync(HttpStatusCode.OK);

        var row = list.EnumerateArray().Single(s => s.Id() == session.Id);
        (row.GetProperty("booked").GetInt32(), row.GetProperty("waiting").GetInt32(), row.GetProperty("freePlaces").GetInt32(), row.GetProperty("fillRate").GetDecimal())
            .ShouldBe((2, 1, 2, 0.5m));
    }
}
