using AktivResept.Domain.Calendar;

namespace AktivResept.Domain.Adherence;

/// <summary>
/// One prescription's adherence-by-week verdict (docs/kpis.md): whether its countable sessions in plan weeks
/// 1..<c>weeks</c>, as known at the end of week <c>weeks</c>, reach <c>share</c> of the sessions prescribed for those
/// weeks. A prescription not started by then does not. The KPI counts these in its cohort; the health account asks it
/// for each week of a plan, so both say "adherent" the same way.
/// </summary>
public static class DoseReached
{
    /// <summary>The default share of the dose that makes a participant adherent (the KPI catalogue's default too).</summary>
    public const decimal DefaultShare = 0.75m;

    /// <summary>The default week adherence is judged at (the KPI catalogue's default, and the account's "week 12").</summary>
    public const int DefaultWeeks = 12;

    public static bool ByWeek(AdherencePlan plan, AttendanceDays attendance, int weeks, decimal share)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(attendance);
        var lastDay = plan.StartDate.AddDays((7 * weeks) - 1);
        var endOfWeek = OsloCalendar.StartOf(lastDay.AddDays(1)).AddTicks(-1);
        return attendance.FirstAttended(plan.EndDate, endOfWeek) is not null
            && attendance.Sessions(plan.StartDate, plan.EndDate, endOfWeek) >= share * AdherenceCalculator.Cumulative(plan, lastDay);
    }
}
