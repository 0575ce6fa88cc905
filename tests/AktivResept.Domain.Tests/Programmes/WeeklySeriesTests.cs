using AktivResept.Domain.Programmes;

namespace AktivResept.Domain.Tests.Programmes;

public class WeeklySeriesTests
{
    [Fact]
    public void A_series_gives_every_such_weekday_in_the_range_and_skips_holidays()
    {
        var skip = new HashSet<DateOnly> { new(2026, 10, 13) };

        var dates = WeeklySeries.Occurrences(DayOfWeek.Tuesday, new TimeOnly(10, 0), 60, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), skip)
            .Select(o => o.Date);

        dates.ShouldBe([new DateOnly(2026, 10, 6), new DateOnly(2026, 10, 20), new DateOnly(2026, 10, 27)]);
    }

    [Fact]
    public void The_wall_clock_time_holds_across_the_change_from_summer_time()
    {
        // Oslo leaves summer time on 25 October 2026: 10:00 is 08:00 UTC before and 09:00 UTC after.
        var sessions = WeeklySeries.Occurrences(DayOfWeek.Tuesday, new TimeOnly(10, 0), 45, new DateOnly(2026, 10, 20), new DateOnly(2026, 10, 27));

        sessions[0].StartsAt.ShouldBe(new DateTimeOffset(2026, 10, 20, 8, 0, 0, TimeSpan.Zero));
        sessions[1].StartsAt.ShouldBe(new DateTimeOffset(2026, 10, 27, 9, 0, 0, TimeSpan.Zero));
        sessions[1].EndsAt.ShouldBe(sessions[1].StartsAt.AddMinutes(45));
    }

    [Fact]
    public void A_start_in_the_hour_skipped_in_spring_moves_on_by_the_gap()
    {
        // 29 March 2026: Oslo clocks jump from 02:00 to 03:00, so 02:30 does not exist that night.
        WeeklySeries.At(new DateOnly(2026, 3, 29), new TimeOnly(2, 30)).ShouldBe(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_range_without_the_weekday_gives_nothing() =>
        WeeklySeries.Occurrences(DayOfWeek.Sunday, new TimeOnly(10, 0), 60, new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 12)).ShouldBeEmpty();
}
