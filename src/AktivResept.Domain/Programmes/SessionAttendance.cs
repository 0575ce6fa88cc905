using AktivResept.Domain.Adherence;

namespace AktivResept.Domain.Programmes;

/// <summary>Why a mark on a session's attendance is refused, or <see cref="Allowed"/>.</summary>
public enum MarkingVerdict
{
    Allowed,

    /// <summary>The session was cancelled: nobody attends a cancelled date.</summary>
    SessionCancelled,

    /// <summary>Before the session's Oslo day: nobody can have come yet.</summary>
    TooEarly,

    /// <summary>After the session's Oslo day: the day's register is closed (claims and the no-show rule read it).</summary>
    DayOver,

    /// <summary>The booking holds no confirmed place (waiting, offered, cancelled): there is nothing to mark.</summary>
    NotBooked,
}

/// <summary>
/// The instructor's register of a «Aktiv på dagtid» session: who came. Marks (and their undo) are made on the session's
/// own Oslo day only, so a one-tap mistake can be put right there and then, and what claims and the no-show rule read
/// afterwards no longer moves. A gym system's check-in at the session's location from an hour before it starts until
/// it ends pre-fills Attended; the instructor can still change it that day.
/// </summary>
public static class SessionAttendance
{
    /// <summary>How long before the start a check-in at the door still counts as coming to the session.</summary>
    public static readonly TimeSpan CheckInBeforeStart = TimeSpan.FromMinutes(60);

    /// <summary>The statuses the register shows and may move between: a confirmed place, came, did not come.</summary>
    public static readonly IReadOnlyList<BookingStatus> Markable = [BookingStatus.Booked, BookingStatus.Attended, BookingStatus.NoShow];

    public static MarkingVerdict CanMark(DateOnly sessionDay, bool cancelled, DateOnly today, BookingStatus current) =>
        cancelled ? MarkingVerdict.SessionCancelled
        : today < sessionDay ? MarkingVerdict.TooEarly
        : DayIsOver(sessionDay, today) ? MarkingVerdict.DayOver
        : !Markable.Contains(current) ? MarkingVerdict.NotBooked
        : MarkingVerdict.Allowed;

    /// <summary>The register of a session on <paramref name="sessionDay"/> closes when that Oslo day ends: from the next day on.</summary>
    public static bool DayIsOver(DateOnly sessionDay, DateOnly today) => today > sessionDay;

    /// <summary>Closing the register marks everyone still only booked as not come; those already marked keep their mark.</summary>
    public static BookingStatus OnClose(BookingStatus current) => current == BookingStatus.Booked ? BookingStatus.NoShow : current;

    /// <summary>Whether a door check-in at <paramref name="at"/> is for a session from <paramref name="startsAt"/> to <paramref name="endsAt"/> (same location assumed).</summary>
    public static bool CheckInCounts(DateTimeOffset at, DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        at >= startsAt - CheckInBeforeStart && at <= endsAt;

    /// <summary>What a booking's end state is as an attendance event, for the one definition of a countable session.</summary>
    public static AttendanceKind? AsAttendance(BookingStatus status) => status switch
    {
        BookingStatus.Attended => AttendanceKind.ClassAttendance,
        BookingStatus.NoShow => AttendanceKind.NoShow,
        _ => null,
    };

    /// <summary>
    /// A person's programme attendance over some days: the days they trained at a session, counted by
    /// <see cref="CountableSession"/> (at most one a day, a no-show never counts), and the no-shows. It is reported
    /// beside a prescription's adherence, never added to it, so a day is not counted twice.
    /// </summary>
    public static ProgrammeAttendanceTally Tally(IEnumerable<(DateOnly Day, BookingStatus Status)> bookings)
    {
        ArgumentNullException.ThrowIfNull(bookings);
        var attendedDays = 0;
        var noShows = 0;
        foreach (var day in bookings.GroupBy(b => b.Day))
        {
            var attended = day.Count(b => AsAttendance(b.Status) is { } kind && CountableSession.CountsForAdherence(kind));
            attendedDays += CountableSession.OnDay(attended);
            noShows += day.Count(b => b.Status == BookingStatus.NoShow);
        }

        return new ProgrammeAttendanceTally(attendedDays, noShows);
    }
}

/// <summary><paramref name="AttendedDays"/>: days trained at a session (one a day at most); <paramref name="NoShows"/>: places booked and not come to.</summary>
public sealed record ProgrammeAttendanceTally(int AttendedDays, int NoShows);
