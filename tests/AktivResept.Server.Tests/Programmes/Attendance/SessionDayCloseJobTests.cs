using AktivResept.Domain.Calendar;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Features.Programmes.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Programmes.Booking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Programmes.Attendance;

/// <summary>
/// The day-close job closes a register the instructor left open when the session's Oslo day ends: only-booked becomes
/// a no-show (the manual close's rule), marks stay, later sessions and cancelled dates are untouched, a rerun does
/// nothing. Own database and clock: the job reads every session.
/// </summary>
public sealed class SessionDayCloseJobTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task At_the_end_of_the_sessions_Oslo_day_unmarked_bookings_become_no_shows_once_and_marks_stay()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 2);
        var (today, nextWeek) = (programme.SessionIds[0], programme.SessionIds[1]);
        var forgotten = await ProgrammeTestData.BookAsync(_app, today, await ProgrammeTestData.PersonAsync(_app, "Glemt", "Person"));
        var came = await ProgrammeTestData.BookAsync(_app, today, await ProgrammeTestData.PersonAsync(_app, "Kom", "Person"), BookingStatus.Attended);
        var later = await ProgrammeTestData.BookAsync(_app, nextWeek, await ProgrammeTestData.PersonAsync(_app, "Senere", "Person"));
        var cancelledSession = await CancelledSessionWithABookingAsync(programme);
        var day = await _app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == today).Select(s => s.Date).SingleAsync());

        // One minute before Oslo midnight the day is not over; one minute after, it is.
        _app.Clock.SetUtcNow(OsloCalendar.StartOf(day.AddDays(1)).AddMinutes(-1));
        var beforeMidnight = await RunAsync();
        var stillBooked = await ProgrammeTestData.BookingStatusAsync(_app, forgotten);
        _app.Clock.SetUtcNow(OsloCalendar.StartOf(day.AddDays(1)).AddMinutes(1));
        var afterMidnight = await RunAsync();
        var rerun = await RunAsync();

        beforeMidnight.ShouldBe(0);
        stillBooked.ShouldBe(BookingStatus.Booked);
        afterMidnight.ShouldBe(1);
        rerun.ShouldBe(0);
        var closed = await _app.QueryAsync(db => db.ProgrammeBookings.AsNoTracking().SingleAsync(b => b.Id == forgotten));
        (closed.Status, closed.StatusChangedBy).ShouldBe((BookingStatus.NoShow, SessionDayCloseJob.Actor.Id));
        (await ProgrammeTestData.BookingStatusAsync(_app, came)).ShouldBe(BookingStatus.Attended);
        (await ProgrammeTestData.BookingStatusAsync(_app, later)).ShouldBe(BookingStatus.Booked);
        (await ProgrammeTestData.BookingStatusAsync(_app, cancelledSession)).ShouldBe(BookingStatus.Booked);
        (await _app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Actor == SessionDayCloseJob.Actor.Id && a.SubjectPersonId == closed.PersonId))).ShouldBe(1);
    }

    /// <summary>A session the same day marked cancelled, with a booking left as it was: the job leaves cancelled dates alone.</summary>
    private async Task<Guid> CancelledSessionWithABookingAsync(TestProgramme programme)
    {
        var session = await BookingKit.ExtraSessionAsync(_app, programme, AktivApiFactory.Start.AddHours(4));
        var booking = await ProgrammeTestData.BookAsync(_app, session, await ProgrammeTestData.PersonAsync(_app, "Avlyst", "Person"));
        await _app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == session).ExecuteUpdateAsync(u => u.SetProperty(s => s.CancelledAt, AktivApiFactory.Start).SetProperty(s => s.CancellationReason, "test")));
        return booking;
    }

    private async Task<int> RunAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SessionDayCloseJob>().CloseDueAsync(CancellationToken.None);
    }
}
