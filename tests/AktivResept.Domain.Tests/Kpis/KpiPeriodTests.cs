using AktivResept.Domain.Calendar;
using AktivResept.Domain.Kpis;

namespace AktivResept.Domain.Tests.Kpis;

public class KpiPeriodTests
{
    [Theory]
    [InlineData(KpiPeriodKind.Month, "2026-02-14", "2026-02-01", "2026-02-28", "2026-02")]
    [InlineData(KpiPeriodKind.Month, "2028-02-29", "2028-02-01", "2028-02-29", "2028-02")]
    [InlineData(KpiPeriodKind.Quarter, "2026-05-31", "2026-04-01", "2026-06-30", "2026-Q2")]
    [InlineData(KpiPeriodKind.Quarter, "2026-12-31", "2026-10-01", "2026-12-31", "2026-Q4")]
    [InlineData(KpiPeriodKind.Year, "2026-07-01", "2026-01-01", "2026-12-31", "2026")]
    public void A_day_lies_in_exactly_one_calendar_period_of_each_kind(KpiPeriodKind kind, string day, string from, string to, string label)
    {
        var period = KpiPeriod.Containing(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), kind);

        period.From.ShouldBe(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture));
        period.To.ShouldBe(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        period.Label.ShouldBe(label);
        KpiPeriod.TryParse(label, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(period);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("26")]
    [InlineData("2026-1")]
    [InlineData("")]
    public void A_label_that_names_no_calendar_period_is_refused(string label)
    {
        KpiPeriod.TryParse(label, out _).ShouldBeFalse();
    }

    [Fact]
    public void Next_follows_without_gap_across_a_year_end()
    {
        var december = KpiPeriod.Containing(new DateOnly(2026, 12, 5), KpiPeriodKind.Month);

        december.Next().ShouldBe(new KpiPeriod(KpiPeriodKind.Month, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31)));
        KpiPeriod.Containing(new DateOnly(2026, 11, 1), KpiPeriodKind.Quarter).Next().Label.ShouldBe("2027-Q1");
    }

    [Fact]
    public void Covering_lists_every_period_touching_the_range_in_order()
    {
        var quarters = KpiPeriod.Covering(new DateOnly(2026, 3, 31), new DateOnly(2026, 10, 1), KpiPeriodKind.Quarter).Select(p => p.Label);

        quarters.ShouldBe(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
        KpiPeriod.Covering(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 1), KpiPeriodKind.Month).ShouldBeEmpty();
    }

    [Fact]
    public void A_period_has_ended_when_its_last_Oslo_day_is_over()
    {
        var march = KpiPeriod.Containing(new DateOnly(2026, 3, 1), KpiPeriodKind.Month);
        var midnightOslo = OsloCalendar.StartOf(new DateOnly(2026, 4, 1)); // 2026-03-31T22:00Z, summer time

        march.HasEnded(midnightOslo.AddTicks(-1)).ShouldBeFalse();
        march.HasEnded(midnightOslo).ShouldBeTrue();
        midnightOslo.ShouldBe(new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_period_is_provisional_until_the_late_event_days_after_it_are_over()
    {
        var march = KpiPeriod.Containing(new DateOnly(2026, 3, 1), KpiPeriodKind.Month);
        var finalAt = OsloCalendar.StartOf(new DateOnly(2026, 4, 8)); // 31 March + 7 days ended

        march.IsFinal(finalAt.AddTicks(-1), lateEventDays: 7).ShouldBeFalse();
        march.IsFinal(finalAt, lateEventDays: 7).ShouldBeTrue();
        march.IsFinal(OsloCalendar.StartOf(new DateOnly(2026, 4, 1)), lateEventDays: 0).ShouldBeTrue();
    }
}
