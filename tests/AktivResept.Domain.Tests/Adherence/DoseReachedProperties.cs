using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using FsCheck;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Adherence;

/// <summary>
/// The per-prescription adherence-by-week verdict the KPI and the health account share is the calculator's own answer
/// at the end of week n: started, and attended ≥ share × prescribed so far.
/// </summary>
[Properties(Arbitrary = [typeof(AttendanceGenerators)], MaxTest = 500)]
public class DoseReachedProperties
{
    [Property]
    public void The_verdict_at_the_end_of_a_week_is_the_calculators(AttendanceHistory history, PositiveInt week, bool defaultShare)
    {
        var planWeeks = (history.Plan.EndDate.DayNumber - history.Plan.StartDate.DayNumber + 1) / 7;
        var n = ((week.Get - 1) % planWeeks) + 1;
        var share = defaultShare ? DoseReached.DefaultShare : 0.5m;
        var endOfWeek = OsloCalendar.StartOf(history.Plan.StartDate.AddDays(7 * n)).AddTicks(-1);
        var report = AdherenceCalculator.Evaluate(history.Plan, history.Facts, endOfWeek, AdherencePolicy.Default);

        var expected = report.FirstAttendedAt is not null && report.AttendedSessions >= share * report.PrescribedToDate;

        DoseReached.ByWeek(history.Plan, AttendanceDays.Of(history.Plan, history.Facts), n, share).ShouldBe(expected);
    }

    [Fact]
    public void Two_a_week_for_twelve_weeks_reaches_three_quarters_with_eighteen_sessions_and_not_with_seventeen()
    {
        var start = new DateOnly(2026, 1, 5);
        var plan = new AdherencePlan(start, start.AddDays(83), 2);
        AttendanceFact On(int day) => new(OsloCalendar.StartOf(start.AddDays(day)).AddHours(10), AttendanceKind.ClassAttendance);

        DoseReached.ByWeek(plan, AttendanceDays.Of(plan, Enumerable.Range(0, 18).Select(i => On(i * 4))), 12, DoseReached.DefaultShare).ShouldBeTrue();
        DoseReached.ByWeek(plan, AttendanceDays.Of(plan, Enumerable.Range(0, 17).Select(i => On(i * 4))), 12, DoseReached.DefaultShare).ShouldBeFalse();
        DoseReached.ByWeek(plan, AttendanceDays.Of(plan, []), 12, DoseReached.DefaultShare).ShouldBeFalse();
    }
}
