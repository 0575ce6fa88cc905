using AktivResept.Domain.Pilots;
using FsCheck;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Pilots;

public class EnrolmentProgressTests
{
    private static readonly DateOnly From = new(2026, 8, 15);
    private static readonly DateOnly To = new(2027, 6, 30);

    [Fact]
    public void The_months_run_from_the_window_start_to_today_at_the_latest()
    {
        EnrolmentProgress.MonthsOf(From, To, new DateOnly(2026, 11, 24)).ShouldBe([(2026, 8), (2026, 9), (2026, 10), (2026, 11)]);
        EnrolmentProgress.MonthsOf(From, new DateOnly(2026, 9, 30), new DateOnly(2027, 3, 1)).ShouldBe([(2026, 8), (2026, 9)]);
        EnrolmentProgress.MonthsOf(From, To, new DateOnly(2026, 1, 1)).ShouldBe([(2026, 8)]);
    }

    [Fact]
    public void A_series_counts_new_enrolments_per_month_and_the_running_total()
    {
        EnrolmentFact[] facts = [new("0301", new(2026, 8, 20)), new("0301", new(2026, 10, 1)), new("0301", new(2026, 10, 31))];

        var series = EnrolmentProgress.Series("0301", 10, facts, EnrolmentProgress.MonthsOf(From, To, new DateOnly(2026, 11, 24)));

        series.Months.Select(m => (m.Label, m.Enrolled, m.Cumulative)).ShouldBe([("2026-08", 1, 1), ("2026-09", 0, 1), ("2026-10", 2, 3), ("2026-11", 0, 3)]);
        series.Enrolled.ShouldBe(3);
        series.ShareOfTarget.ShouldBe(0.3m);
    }

    [Property]
    public void The_total_is_the_number_of_enrolments_in_the_months_and_never_falls(PositiveInt[] offsets)
    {
        var months = EnrolmentProgress.MonthsOf(From, To, To);
        var facts = offsets.Select(o => new EnrolmentFact("x", From.AddDays(o.Get % 400))).ToArray();

        var series = EnrolmentProgress.Series("x", null, facts, months);

        series.Enrolled.ShouldBe(facts.Count(f => f.EnrolledOn <= To));
        series.Months.Zip(series.Months.Skip(1)).ShouldAllBe(p => p.Second.Cumulative == p.First.Cumulative + p.Second.Enrolled);
        series.Months.Sum(m => m.Enrolled).ShouldBe(series.Enrolled);
    }
}

public class FollowUpScheduleTests
{
    [Fact]
    public void A_schedule_is_strictly_increasing_months_from_enrolment()
    {
        FollowUpSchedule.TryCreate([0, 3, 6, 12, 24, 36])!.Span.ShouldBe(36);
        FollowUpSchedule.TryCreate([0, 6, 6]).ShouldBeNull();
        FollowUpSchedule.TryCreate([]).ShouldBeNull();
        FollowUpSchedule.TryCreate([-1, 3]).ShouldBeNull();
        FollowUpSchedule.TryCreate([0, 121]).ShouldBeNull();
    }

    [Fact]
    public void Due_dates_count_months_from_the_day_of_enrolment()
    {
        FollowUpSchedule.TryCreate([0, 1, 12])!.DueDates(new DateOnly(2027, 1, 31))
            .ShouldBe([new DateOnly(2027, 1, 31), new DateOnly(2027, 2, 28), new DateOnly(2028, 1, 31)]);
    }
}
