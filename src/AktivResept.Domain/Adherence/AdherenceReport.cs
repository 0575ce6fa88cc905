namespace AktivResept.Domain.Adherence;

/// <summary>Everything derived from a prescription's attendance at one instant; see <see cref="AdherenceCalculator"/>.</summary>
public sealed record AdherenceReport(
    IReadOnlyList<WeekAdherence> Weeks,
    int AttendedSessions,
    int PrescribedToDate,
    int PrescribedTotal,
    int? AttendedMinutes,
    DateTimeOffset? FirstAttendedAt,
    DateTimeOffset? LastAttendedAt,
    int DaysWithoutAttendance,
    AdherenceVerdict Verdict)
{
    /// <summary>Attended as a share of what was prescribed so far, 0–1 (can exceed 1 when someone trains more).</summary>
    public decimal? Rate => PrescribedToDate == 0 ? null : Math.Round((decimal)AttendedSessions / PrescribedToDate, 4);
}
