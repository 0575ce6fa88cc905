using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Attendance;

/// <summary>The instructor's register of a session: who sees it, one-tap marks and their undo on the day, closing it.</summary>
public sealed class SessionRegisterTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly DateOnly Today = OsloCalendar.DateOf(AktivApiFactory.Start);

    private HttpClient Instructor => app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr);

    private HttpClient OtherTrainer => app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerSharedPositionFnr);

    private HttpClient OsloCoordinator => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    [Fact]
    public async Task The_instructor_sees_todays_session_and_its_register_by_first_name_and_initial()
    {
        var (programme, bookings) = await TodaysClassAsync(("Kari", "Nordmann"), ("Ola", "Hansen"));

        var week = await Instructor.GetFromJsonAsync<JsonElement>($"/api/programmes/instructor/sessions?from={Today:yyyy-MM-dd}", Json.Options);
        var register = await Instructor.GetFromJsonAsync<JsonElement>($"/api/programmes/sessions/{programme.SessionIds[0]}/attendance", Json.Options);

        var session = week.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == programme.SessionIds[0]);
        session.GetProperty("leads").GetBoolean().ShouldBeTrue();
        session.GetProperty("booked").GetInt32().ShouldBe(2);
        register.GetProperty("open").GetBoolean().ShouldBeTrue();
        register.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["Kari N.", "Ola H."]);
        register.GetProperty("participants").EnumerateArray().ShouldAllBe(p => p.GetProperty("status").GetString() == "booked");
        var audited = await app.QueryAsync(db => db.AuditRecords.Where(a => a.Resource == $"ProgrammeSession/{programme.SessionIds[0]}/attendance" && a.Action == AuditAction.Read)
            .Select(a => a.SubjectPersonId).ToListAsync());
        audited.ShouldBe(bookings.Select(b => (Guid?)b.Person), ignoreOrder: true);
    }

    [Fact]
    public async Task Only_the_sessions_instructor_and_the_staff_managing_the_programme_see_or_mark_the_register()
    {
        var (programme, bookings) = await TodaysClassAsync(("Kari", "Nordmann"));
        var session = programme.SessionIds[0];
        var mark = new { status = "attended" };

        foreach (var outsider in new[] { OtherTrainer, app.AsBergenGym(), app.AsOsloGym(), app.AsParticipant(DemoIdentities.ParticipantAnneFnr), app.AsGp() })
        {
            await (await outsider.GetAsync($"/api/programmes/sessions/{session}/attendance")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.PutAsJsonAsync($"/api/programmes/sessions/{session}/attendance/{bookings[0].Booking}", mark)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.PostAsync($"/api/programmes/sessions/{session}/attendance/close", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            var week = await outsider.GetFromJsonAsync<JsonElement>($"/api/programmes/instructor/sessions?from={Today:yyyy-MM-dd}", Json.Options);
            week.GetProperty("sessions").EnumerateArray().ShouldNotContain(s => s.GetProperty("id").GetGuid() == session);
        }

        (await ProgrammeTestData.BookingStatusAsync(app, bookings[0].Booking)).ShouldBe(BookingStatus.Booked);
        (await OsloCoordinator.GetAsync($"/api/programmes/sessions/{session}/attendance")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await OsloCoordinator.PutAsJsonAsync($"/api/programmes/sessions/{session}/attendance/{bookings[0].Booking}", mark)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ProgrammeTestData.BookingStatusAsync(app, bookings[0].Booking)).ShouldBe(BookingStatus.Attended);
    }

    [Fact]
    public async Task A_mark_is_one_request_and_is_undone_the_same_day()
    {
        var (programme, bookings) = await TodaysClassAsync(("Kari", "Nordmann"));
        var url = $"/api/programmes/sessions/{programme.SessionIds[0]}/attendance/{bookings[0].Booking}";

        var attended = await Instructor.PutAsJsonAsync(url, new { status = "attended" });
        var afterAttended = await ProgrammeTestData.BookingStatusAsync(app, bookings[0].Booking);
        var noShow = await Instructor.PutAsJsonAsync(url, new { status = "no-show" });
        var afterNoShow = await ProgrammeTestData.BookingStatusAsync(app, bookings[0].Booking);
        var undone = await Instructor.PutAsJsonAsync(url, new { status = "booked" });

        attended.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await attended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("attended");
        afterAttended.ShouldBe(BookingStatus.Attended);
        noShow.StatusCode.ShouldBe(HttpStatusCode.OK);
        afterNoShow.ShouldBe(BookingStatus.NoShow);
        undone.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ProgrammeTestData.BookingStatusAsync(app, bookings[0].Booking)).ShouldBe(BookingStatus.Booked);
        (await app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == programme.SessionIds[0]).Select(s => s.Booked).SingleAsync())).ShouldBe(1);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.SubjectPersonId == bookings[0].Person && a.Action == AuditAction.Update && a.Outcome == AuditOutcome.Success))).ShouldBe(3);
    }

    [Fact]
    public async Task A_person_without_a_confirmed_place_on_the_session_cannot_be_marked()
    {
        var (programme, bookings) = await TodaysClassAsync(("Kari", "Nordmann"));
        var session = programme.SessionIds[0];
        var waiting = await ProgrammeTestData.BookAsync(app, session, await ProgrammeTestData.PersonAsync(app, "Vera", "Venter"), BookingStatus.Waiting);
        var elsewhere = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1, instructorTrainerId: await ProgrammeTestData.TrainerIdAsync(app));
        var otherSessionBooking = await ProgrammeTestData.BookAsync(app, elsewhere.SessionIds[0], await ProgrammeTestData.PersonAsync(app, "Odd", "Annen"));

        var onWaitingList = await Instructor.PutAsJsonAsync($"/api/programmes/sessions/{session}/attendance/{waiting}", new { status = "attended" });
        var onAnotherSession = await Instructor.PutAsJsonAsync($"/api/programmes/sessions/{session}/attendance/{otherSessionBooking}", new { status = "attended" });
        var unknown = await Instructor.PutAsJsonAsync($"/api/programmes/sessions/{session}/attendance/{Guid.NewGuid()}", new { status = "attended" });
        var badStatus = await Instructor.PutAsJsonAsync($"/api/programmes/sessions/{session}/attendance/{bookings[0].Booking}", new { status = "maybe" });

        (await onWaitingList.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("programme.attendance-not-booked");
        (await onAnotherSession.ShouldBeProblemAsync(HttpStatusCode.NotFound)).GetProperty("code").GetString().ShouldBe("not-found");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await badStatus.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("status", out _).ShouldBeTrue();
        (await ProgrammeTestData.BookingStatusAsync(app, waiting)).ShouldBe(BookingStatus.Waiting);
        (await ProgrammeTestData.BookingStatusAsync(app, otherSessionBooking)).ShouldBe(BookingStatus.Booked);
        (await ProgrammeTestData.BookingStatusAsync(app, bookings[0].Booking)).ShouldBe(BookingStatus.Booked);
    }

    [Fact]
    public async Task Marks_are_made_on_the_sessions_own_day_and_a_past_days_register_stays_as_it_was()
    {
        var trainer = await ProgrammeTestData.TrainerIdAsync(app);
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 3, from: Today.AddDays(-7), instructorTrainerId: trainer);
        var (lastWeek, nextWeek) = (programme.SessionIds[0], programme.SessionIds[2]);
        var person = await ProgrammeTestData.PersonAsync(app, "Per", "Fortid");
        var past = await ProgrammeTestData.BookAsync(app, lastWeek, person, BookingStatus.NoShow);
        var future = await ProgrammeTestData.BookAsync(app, nextWeek, person);

        var changePast = await Instructor.PutAsJsonAsync($"/api/programmes/sessions/{lastWeek}/attendance/{past}", new { status = "attended" });
        var closePast = await OsloCoordinator.PostAsync($"/api/programmes/sessions/{lastWeek}/attendance/close", null);
        var markFuture = await Instructor.PutAsJsonAsync($"/api/programmes/sessions/{nextWeek}/attendance/{future}", new { status = "attended" });
        var pastRegister = await Instructor.GetFromJsonAsync<JsonElement>($"/api/programmes/sessions/{lastWeek}/attendance", Json.Options);

        (await changePast.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("programme.attendance-day-over");
        (await closePast.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("programme.attendance-day-over");
        (await markFuture.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("programme.attendance-too-early");
        pastRegister.GetProperty("open").GetBoolean().ShouldBeFalse();
        (await ProgrammeTestData.BookingStatusAsync(app, past)).ShouldBe(BookingStatus.NoShow);
        (await ProgrammeTestData.BookingStatusAsync(app, future)).ShouldBe(BookingStatus.Booked);
    }

    [Fact]
    public async Task Closing_the_register_marks_everyone_unmarked_as_not_come_and_keeps_the_marks_made()
    {
        var (programme, bookings) = await TodaysClassAsync(("Kari", "Nordmann"), ("Ola", "Hansen"), ("Siv", "Berg"));
        var session = programme.SessionIds[0];
        await Instructor.PutAsJsonAsync($"/api/programmes/sessions/{session}/attendance/{bookings[0].Booking}", new { status = "attended" });

        var closed = await Instructor.PostAsync($"/api/programmes/sessions/{session}/attendance/close", null);

        closed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ProgrammeTestData.BookingStatusAsync(app, bookings[0].Booking)).ShouldBe(BookingStatus.Attended);
        (await ProgrammeTestData.BookingStatusAsync(app, bookings[1].Booking)).ShouldBe(BookingStatus.NoShow);
        (await ProgrammeTestData.BookingStatusAsync(app, bookings[2].Booking)).ShouldBe(BookingStatus.NoShow);
        var body = await closed.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("participants").EnumerateArray().Count(p => p.GetProperty("status").GetString() == "no-show").ShouldBe(2);
        (await app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == session).Select(s => s.Booked).SingleAsync())).ShouldBe(3);
    }

    [Fact]
    public async Task A_malformed_week_start_is_a_400_naming_the_field()
    {
        var problem = await (await Instructor.GetAsync("/api/programmes/instructor/sessions?from=24.11.2026")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("from", out _).ShouldBeTrue();
    }

    private async Task<(TestProgramme Programme, List<(Guid Person, Guid Booking)> Bookings)> TodaysClassAsync(params (string Given, string Family)[] people)
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1, instructorTrainerId: await ProgrammeTestData.TrainerIdAsync(app));
        var bookings = new List<(Guid, Guid)>();
        foreach (var (given, family) in people)
        {
            var person = await ProgrammeTestData.PersonAsync(app, given, family);
            bookings.Add((person, await ProgrammeTestData.BookAsync(app, programme.SessionIds[0], person)));
        }

        return (programme, bookings);
    }
}
