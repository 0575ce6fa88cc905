namespace AktivResept.Domain.Adherence;

/// <summary>What a gym system or trainer reports. Wire names: check-in, class-attendance, pt-session, no-show.</summary>
public enum AttendanceKind
{
    CheckIn,
    ClassAttendance,
    PtSession,
    NoShow,
}
