using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Adherence;

/// <summary>A prescription, a bag of events around it, an evaluation instant, and an arrival order for the events.</summary>
public sealed record AttendanceHistory(AdherencePlan Plan, AttendanceFact[] Facts, DateTimeOffset AsOf, int[] ArrivalOrder);

public static class AttendanceGenerators
{
    private static readonly DateOnly Anchor = new(2026, 10, 20); // the period may span the end of summer time

    public static Arbitrary<AttendanceHistory> Histories()
    {
        var fact =
            from day in Gen.Choose(-5, 100)
            from minute in Gen.Choose(0, (24 * 60) - 1)
            from kind in Gen.Elements(Enum.GetValues<AttendanceKind>())
            from minutes in Gen.Frequency((1, Gen.Constant<int?>(null)), (2, Gen.Choose(10, 120).Select(m => (int?)m)))
            select new AttendanceFact(OsloCalendar.StartOf(Anchor.AddDays(day)).AddMinutes(minute), kind, minutes);
        return (from startOffset in Gen.Choose(0, 6)
                from weeks in Gen.Choose(1, 14)
                from perWeek in Gen.Choose(1, 5)
                from facts in fact.ListOf().Select(l => l.ToArray())
                from asOfDay in Gen.Choose(-3, 110)
                from order in Gen.Shuffle(Enumerable.Range(0, facts.Length))
                let start = Anchor.AddDays(startOffset)
                select new AttendanceHistory(new AdherencePlan(start, start.AddDays((weeks * 7) - 1), perWeek), facts,
                    OsloCalendar.StartOf(Anchor.AddDays(asOfDay)).AddHours(12), order))
            .ToArbitrary();
    }
}

[Properties(Arbitrary = [typeof(AttendanceGenerators)], MaxTest = 300)]
public class AdherenceCalculatorProperties
{
    private static readonly AdherencePolicy Policy = new(14, 28);

    /// <summary>Late and out-of-order events give the same result as the same events delivered in order.</summary>
    [Property]
    public void The_result_does_not_depend_on_the_order_events_arrive_in(AttendanceHistory history)
    {
        var inOrder = AdherenceCalculator.Evaluate(history.Plan, history.Facts.OrderBy(f => f.OccurredAt), history.AsOf, Policy);
        var asArrived = AdherenceCalculator.Evaluate(history.Plan, history.ArrivalOrder.Select(i => history.Facts[i]), history.AsOf, Policy);

        asArrived.Weeks.ShouldBe(inOrder.Weeks);
        (asArrived with { Weeks = inOrder.Weeks }).ShouldBe(inOrder);
    }

    /// <summary>The chart's weeks and the totals never disagree, and the weeks always add up to the whole dose.</summary>
    [Property]
    public void Weekly_figures_add_up_to_the_totals(AttendanceHistory history)
    {
        var report = AdherenceCalculator.Evaluate(history.Plan, history.Facts, history.AsOf, Policy);

        report.Weeks.Sum(w => w.Attended).ShouldBe(report.AttendedSessions);
        report.Weeks.Sum(w => w.Prescribed).ShouldBeGreaterThanOrEqualTo(report.PrescribedToDate);
        report.PrescribedTotal.ShouldBe(history.Plan.SessionsPerWeek * ((history.Plan.EndDate.DayNumber - history.Plan.StartDate.DayNumber + 1) / 7));
        report.Weeks.ShouldAllBe(w => w.Prescribed >= 0 && w.Attended >= 0);
    }

    [Property]
    public void A_no_show_never_counts_as_attendance(AttendanceHistory history)
    {
        var withoutNoShows = history.Facts.Where(f => f.Attended).ToArray();

        AdherenceCalculator.Evaluate(history.Plan, history.Facts, history.AsOf, Policy).AttendedSessions
            .ShouldBe(AdherenceCalculator.Evaluate(history.Plan, withoutNoShows, history.AsOf, Policy).AttendedSessions);
    }

    [Property]
    public void A_door_check_in_duplicated_on_the_same_day_adds_nothing(AttendanceHistory history)
    {
        var checkIns = history.Facts.Where(f => f.Kind == AttendanceKind.CheckIn).ToArray();
        var doubled = history.Facts.Concat(checkIns.Select(f => f with { OccurredAt = f.OccurredAt.AddSeconds(1) })).ToArray();

        var once = AdherenceCalculator.Evaluate(history.Plan, history.Facts, history.AsOf, Policy);
        var twice = AdherenceCalculator.Evaluate(history.Plan, doubled, history.AsOf, Policy);

        twice.AttendedSessions.ShouldBe(once.AttendedSessions);
    }
}
