using AktivResept.Domain.Calendar;
using AktivResept.Domain.Municipal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Municipal;

public class MonthlyFlowTests
{
    private static readonly DateOnly March = new(2026, 3, 1);

    private static DateTimeOffset At(int month, int day, int hour = 12) => OsloCalendar.StartOf(new DateOnly(2026, month, day)).AddHours(hour);

    private static Course Course(int issuedMonth, int? startedMonth = null, int? endedMonth = null, CourseEnding? ending = null) =>
        new(At(issuedMonth, 10), startedMonth is { } s ? At(s, 15) : null, endedMonth is { } e ? At(e, 20) : null, ending);

    [Fact]
    public void Each_column_counts_its_own_event_in_the_month_it_happened()
    {
        var courses = Enumerable.Repeat(Course(3, 3, 4, CourseEnding.Completed), 5)
            .Concat(Enumerable.Repeat(Course(3, 4, 5, CourseEnding.DroppedOut), 6));

        var months = MonthlyFlow.Count(courses, March, new DateOnly(2026, 5, 1));

        months.ShouldBe(
        [
            new MonthFlow(2026, 3, 11, 5, 5, 0, 0),
            new MonthFlow(2026, 4, 0, 6, 11, 5, 0),
            new MonthFlow(2026, 5, 0, 0, 6, 0, 6),
        ]);
    }

    [Fact]
    public void A_count_of_one_to_four_is_hidden_and_zero_is_shown()
    {
        var months = MonthlyFlow.Count([Course(3, 3), Course(3, 3), Course(3)], March, March);

        months.Single().ShouldBe(new MonthFlow(2026, 3, null, null, null, 0, 0));
    }

    [Fact]
    public void A_month_starts_at_Oslo_midnight_not_UTC()
    {
        // 23:30 UTC on 31 March is 01:30 on 1 April in Oslo (summer time).
        var lateMarch = new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.Zero);
        var courses = Enumerable.Repeat(new Course(lateMarch, null, null, null), 5);

        var months = MonthlyFlow.Count(courses, March, new DateOnly(2026, 4, 1));

        months[0].Referrals.ShouldBe(0);
        months[1].Referrals.ShouldBe(5);
    }

    [Fact]
    public void The_median_wait_is_shown_only_behind_five_waits()
    {
        WaitingTime.Of([TimeSpan.FromDays(1), TimeSpan.FromDays(3)]).ShouldBe(new WaitingFigure(null, null));
        WaitingTime.Of([]).ShouldBe(new WaitingFigure(0, null));
        WaitingTime.Of([.. new[] { 1, 2, 3, 4, 10, 12 }.Select(d => TimeSpan.FromDays(d))]).ShouldBe(new WaitingFigure(6, 3.5));
        WaitingTime.Of([.. new[] { 5, 1, 9, 2, 2 }.Select(d => TimeSpan.FromDays(d))]).ShouldBe(new WaitingFigure(5, 2));
    }
}

public static class CourseGenerators
{
    public static readonly DateOnly First = new(2026, 1, 1);

    /// <summary>Courses issued around the first half of 2026, some never started, some still open, ending every way.</summary>
    public static Arbitrary<Course[]> Courses() =>
        (from issuedDay in Gen.Choose(0, 200)
         from startAfter in Gen.Choose(-1, 40)
         from endAfter in Gen.Choose(-1, 120)
         from ending in Gen.Elements(CourseEnding.Completed, CourseEnding.DroppedOut, CourseEnding.Other)
         select Make(issuedDay, startAfter, endAfter, ending))
        .ListOf().Resize(40).Select(c => c.ToArray()).ToArbitrary();

    private static Course Make(int issuedDay, int startAfter, int endAfter, CourseEnding ending)
    {
        var issued = OsloCalendar.StartOf(First.AddDays(issuedDay - 10)).AddHours(9);
        DateTimeOffset? started = startAfter < 0 ? null : issued.AddDays(startAfter);
        DateTimeOffset? ended = started is null || endAfter < 0 ? null : started.Value.AddDays(endAfter);
        return new Course(issued, started, ended, ended is null ? null : ending);
    }
}

[Properties(Arbitrary = [typeof(CourseGenerators)], MaxTest = 300)]
public class MonthlyFlowProperties
{
    private static readonly DateOnly Last = new(2026, 6, 1);

    [Property]
    public void Every_shown_figure_is_the_true_count_and_none_is_one_to_four(Course[] courses)
    {
        var months = MonthlyFlow.Count(courses, CourseGenerators.First, Last);

        months.Count.ShouldBe(6);
        foreach (var m in months)
        {
            var start = OsloCalendar.StartOf(new DateOnly(m.Year, m.Month, 1));
            var end = OsloCalendar.StartOf(new DateOnly(m.Year, m.Month, 1).AddMonths(1));
            var referrals = courses.Count(c => c.IssuedAt >= start && c.IssuedAt < end);
            m.Referrals.ShouldBe(referrals is 0 or >= 5 ? referrals : null);
            foreach (var shown in new[] { m.Referrals, m.Starters, m.Active, m.Completed, m.Dropouts })
            {
                (shown is null or 0 or >= 5).ShouldBeTrue();
            }
        }
    }

    [Property]
    public void The_order_of_the_courses_does_not_matter(Course[] courses) =>
        MonthlyFlow.Count(courses.AsEnumerable().Reverse(), CourseGenerators.First, Last).ShouldBe(MonthlyFlow.Count(courses, CourseGenerators.First, Last));
}
