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
    public decimal? Rate => RateOf(AttendedSessions, PrescribedToDate);

    /// <summary>The rate for counts kept elsewhere (a stored snapshot of this report), by the same rule.</summary>
    public static decimal? RateOf(int attendedSessions, int prescribedToDate) =>
        prescribedToDate == 0 ? null : Math.Round((decimal)attendedSessions / prescribedToDate, 4);
}
