namespace AktivResept.Domain.Adherence;

/// <summary>
/// The one definition of a countable session (docs/sessions.md), asked by adherence, the KPIs and the claims alike:
/// a participant trains at most once a day. Any attended event (a trainer-registered PT session, a class, a bare door
/// check-in) makes the day count once for adherence; only a supervised session (PT or class) can be billed, and at
/// most one a day; a no-show never counts.
/// </summary>
public static class CountableSession
{
    /// <summary>How many sessions one participant can train (and one prescription can bill) on one Oslo day.</summary>
    public const int MaxPerDay = 1;

    /// <summary>Whether an event shows the participant trained: everything but a no-show.</summary>
    public static bool CountsForAdherence(AttendanceKind kind) => kind != AttendanceKind.NoShow;

    /// <summary>Whether an event is a supervised session a claim can bill: a trainer's PT session or a class, never a door check-in.</summary>
    public static bool IsBillable(AttendanceKind kind) => kind is AttendanceKind.PtSession or AttendanceKind.ClassAttendance;

    /// <summary>The sessions a day contributes to adherence, given how many attended events it holds.</summary>
    public static int OnDay(int attendedEvents) => Math.Min(Math.Max(attendedEvents, 0), MaxPerDay);
}
