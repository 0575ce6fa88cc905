using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using FsCheck;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Adherence;

/// <summary>
/// The folded day tallies the KPI engine asks per period answer exactly what the calculator answers over the raw
/// facts, for any range of days and any instant, including an instant that is a fact's own (the "not after" edge)
/// and midnight facts (the generator's minute 0).
/// </summary>
[Properties(Arbitrary = [typeof(AttendanceGenerators)], MaxTest = 500)]
public class AttendanceDaysProperties
{
    private static readonly AdherencePolicy Policy = new(14, 28);

    [Property]
    public void Sessions_on_a_range_of_days_are_the_calculators(AttendanceHistory history, NonNegativeInt fromOffset, NonNegativeInt length, NonNegativeInt pick, bool atAFact)
    {
        var asOf = AsOf(history, pick, atAFact);
        var from = history.Plan.StartDate.AddDays((fromOffset.Get % 120) - 10);
        var to = from.AddDays((length.Get % 70) - 3);
        var inRange = history.Facts.Where(f => OsloCalendar.DateOf(f.OccurredAt) is var day && day >= from && day <= to);

        var expected = AdherenceCalculator.Evaluate(history.Plan, inRange, asOf, Policy).AttendedSessions;

        AttendanceDays.Of(history.Plan, history.Facts).Sessions(from, to, asOf).ShouldBe(expected);
    }

    [Property]
    public void The_first_attended_instant_is_the_calculators_for_the_plan_cut_at_any_day(AttendanceHistory history, NonNegativeInt cut, NonNegativeInt pick, bool atAFact)
    {
        var asOf = AsOf(history, pick, atAFact);
        var planDays = history.Plan.EndDate.DayNumber - history.Plan.StartDate.DayNumber;
        var through = history.Plan.StartDate.AddDays((cut.Get % (planDays + 4)) - 3);

        var expected = AdherenceCalculator.Evaluate(history.Plan with { EndDate = through }, history.Facts, asOf, Policy).FirstAttendedAt;

        AttendanceDays.Of(history.Plan, history.Facts).FirstAttended(through, asOf).ShouldBe(expected);
    }

    [Property]
    public void Every_week_of_the_calculator_is_a_range_of_sessions(AttendanceHistory history, NonNegativeInt pick, bool atAFact)
    {
        var asOf = AsOf(history, pick, atAFact);
        var days = AttendanceDays.Of(history.Plan, history.Facts);

        foreach (var week in AdherenceCalculator.Evaluate(history.Plan, history.Facts, asOf, Policy).Weeks)
        {
            days.Sessions(week.Monday, week.Monday.AddDays(6), asOf).ShouldBe(week.Attended);
        }
    }

    /// <summary>The history's own instant, or (to hit the boundary) the instant of one of its facts.</summary>
    private static DateTimeOffset AsOf(AttendanceHistory history, NonNegativeInt pick, bool atAFact) =>
        atAFact && history.Facts.Length > 0 ? history.Facts[pick.Get % history.Facts.Length].OccurredAt : history.AsOf;
}
