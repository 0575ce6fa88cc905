using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;

namespace AktivResept.Domain.Tests.Adherence;

public class AdherenceCalculatorTests
{
    // Tuesday 24 November 2026: the period starts mid-week, so the first ISO week (48) is partial.
    private static readonly DateOnly Start = new(2026, 11, 24);
    private static readonly AdherencePlan TwelveWeeks = new(Start, Start.AddDays((12 * 7) - 1), 2);
    private static readonly AdherencePolicy Policy = new(14, 28);

    private static DateTimeOffset Oslo(DateOnly day, int hour = 10) => OsloCalendar.StartOf(day).AddHours(hour);

    [Fact]
    public void Prescribed_sessions_are_spread_over_partial_weeks_and_add_up_to_the_whole_dose()
    {
        var report = AdherenceCalculator.Evaluate(TwelveWeeks, [], Oslo(TwelveWeeks.EndDate.AddDays(1)), Policy);

        report.Weeks.Count.ShouldBe(13);
        report.Weeks[0].Label.ShouldBe("2026-W48");
        report.Weeks[0].Prescribed.ShouldBe(2); // six of seven days: 2 × 6/7 = 1.71 → 2
        report.Weeks.Sum(w => w.Prescribed).ShouldBe(24);
        report.PrescribedTotal.ShouldBe(24);
    }

    [Fact]
    public void Weeks_follow_the_iso_calendar_across_the_year_end()
    {
        var report = AdherenceCalculator.Evaluate(TwelveWeeks, [], Oslo(new DateOnly(2027, 1, 5)), Policy);

        report.Weeks.Select(w => w.Label).ShouldContain("2026-W53");
        report.Weeks[^1].Label.ShouldBe("2027-W01");
    }

    [Fact]
    public void A_check_in_for_a_class_counts_once_and_two_check_ins_on_one_day_count_once()
    {
        var day = Start.AddDays(1);
        AttendanceFact[] facts =
        [
            new(Oslo(day, 9), AttendanceKind.CheckIn),
            new(Oslo(day, 10), AttendanceKind.ClassAttendance, 45),
            new(Oslo(day.AddDays(1), 7), AttendanceKind.CheckIn, 30),
            new(Oslo(day.AddDays(1), 18), AttendanceKind.CheckIn, 50),
        ];

        var report = AdherenceCalculator.Evaluate(TwelveWeeks, facts, Oslo(day.AddDays(2)), Policy);

        report.AttendedSessions.ShouldBe(2);
        report.AttendedMinutes.ShouldBe(95);
    }

    [Fact]
    public void A_pt_session_and_a_class_on_the_same_day_are_one_session_and_no_shows_are_not_attendance()
    {
        var day = Start.AddDays(2);
        AttendanceFact[] facts =
        [
            new(Oslo(day, 8), AttendanceKind.PtSession, 60),
            new(Oslo(day, 17), AttendanceKind.ClassAttendance),
            new(Oslo(day.AddDays(1), 8), AttendanceKind.NoShow),
        ];

        var report = AdherenceCalculator.Evaluate(TwelveWeeks, facts, Oslo(day.AddDays(2)), Policy);

        report.AttendedSessions.ShouldBe(1);
        report.Weeks[0].NoShows.ShouldBe(1);
        report.AttendedMinutes.ShouldBe(60);
        report.LastAttendedAt.ShouldBe(Oslo(day, 17));
    }

    [Fact]
    public void Days_are_oslo_days_so_a_late_sunday_evening_in_utc_is_monday_in_oslo()
    {
        var sunday = new DateOnly(2026, 11, 29);
        var lateUtc = new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero); // 00:30 Monday in Oslo

        var report = AdherenceCalculator.Evaluate(TwelveWeeks, [new(lateUtc, AttendanceKind.CheckIn)], Oslo(sunday.AddDays(3)), Policy);

        report.Weeks[0].Attended.ShouldBe(0);
        report.Weeks[1].Attended.ShouldBe(1);
    }

    [Fact]
    public void Attendance_outside_the_period_or_after_the_evaluation_instant_does_not_count()
    {
        AttendanceFact[] facts =
        [
            new(Oslo(Start.AddDays(-1)), AttendanceKind.CheckIn),
            new(Oslo(TwelveWeeks.EndDate.AddDays(1)), AttendanceKind.CheckIn),
            new(Oslo(Start.AddDays(5)), AttendanceKind.CheckIn),
        ];

        AdherenceCalculator.Evaluate(TwelveWeeks, facts, Oslo(Start.AddDays(4)), Policy).AttendedSessions.ShouldBe(0);
        AdherenceCalculator.Evaluate(TwelveWeeks, facts, Oslo(TwelveWeeks.EndDate.AddDays(5)), Policy).AttendedSessions.ShouldBe(1);
    }

    [Theory]
    [InlineData(13, AdherenceVerdict.OnTrack)]
    [InlineData(14, AdherenceVerdict.DropoutRisk)]
    [InlineData(27, AdherenceVerdict.DropoutRisk)]
    [InlineData(28, AdherenceVerdict.DroppedOut)]
    public void Silence_after_the_last_session_turns_into_risk_then_dropout(int quietDays, AdherenceVerdict expected)
    {
        var last = Start.AddDays(3);

        var report = AdherenceCalculator.Evaluate(TwelveWeeks, [new(Oslo(last), AttendanceKind.CheckIn)], Oslo(last.AddDays(quietDays)), Policy);

        report.Verdict.ShouldBe(expected);
        report.DaysWithoutAttendance.ShouldBe(quietDays);
    }

    [Theory]
    [InlineData(-3, AdherenceVerdict.NotStarted)]
    [InlineData(10, AdherenceVerdict.NotStarted)]
    [InlineData(14, AdherenceVerdict.DropoutRisk)]
    [InlineData(28, AdherenceVerdict.NeverStarted)]
    public void A_prescription_nobody_has_started_is_at_risk_and_then_never_started(int daysFromStart, AdherenceVerdict expected) =>
        AdherenceCalculator.Evaluate(TwelveWeeks, [], Oslo(Start.AddDays(daysFromStart)), Policy).Verdict.ShouldBe(expected);

    [Fact]
    public void After_the_period_a_started_prescription_is_completed_with_its_totals()
    {
        var facts = Enumerable.Range(0, 20).Select(i => new AttendanceFact(Oslo(Start.AddDays(i * 4)), AttendanceKind.PtSession, 60)).ToList();

        var report = AdherenceCalculator.Evaluate(TwelveWeeks, facts, Oslo(TwelveWeeks.EndDate.AddDays(1)), Policy);

        report.Verdict.ShouldBe(AdherenceVerdict.Completed);
        report.AttendedSessions.ShouldBe(20);
        report.PrescribedToDate.ShouldBe(24);
        report.Rate.ShouldBe(0.8333m);
    }

    [Fact]
    public void Policies_per_programme_change_the_thresholds()
    {
        var last = Start.AddDays(3);
        var strict = new AdherencePolicy(3, 7);

        AdherenceCalculator.Evaluate(TwelveWeeks, [new(Oslo(last), AttendanceKind.CheckIn)], Oslo(last.AddDays(7)), strict).Verdict.ShouldBe(AdherenceVerdict.DroppedOut);
    }
}
