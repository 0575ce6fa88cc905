using AktivResept.Domain.Calendar;
using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.Municipal;

/// <summary>One prescription's course as the municipality overview counts it: instants, never the person.</summary>
/// <param name="IssuedAt">When it was issued (a referral), null for a draft.</param>
/// <param name="StartedAt">When it became active (a starter), null if it never did.</param>
/// <param name="EndedAt">When it left active or waiting for good (completed, dropped out, cancelled...), null while open.</param>
/// <param name="Ending">How it ended, when it did.</param>
public sealed record Course(DateTimeOffset? IssuedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, CourseEnding? Ending);

public enum CourseEnding
{
    Completed,
    DroppedOut,
    Other,
}

/// <summary>One Oslo month's flow, each count null where small-cell suppression hides it.</summary>
public sealed record MonthFlow(int Year, int Month, int? Referrals, int? Starters, int? Active, int? Completed, int? Dropouts);

/// <summary>
/// Referrals, starters, active, completed and dropouts per Oslo calendar month, the municipality overview's first
/// table. Active counts a course active on any day of the month (started before the month ends, not ended before it
/// begins). Every figure is a count of people's courses and goes through <see cref="SmallCells.CanShow"/>: no totals are
/// shown across months or columns (they are not additive), so there is nothing to recover by subtraction.
/// </summary>
public static class MonthlyFlow
{
    public const int MaxMonths = 36;

    public static IReadOnlyList<MonthFlow> Count(IEnumerable<Course> courses, DateOnly firstMonth, DateOnly lastMonth)
    {
        ArgumentNullException.ThrowIfNull(courses);
        var months = Months(firstMonth, lastMonth);
        var list = courses.ToList();
        return months.Select(m =>
        {
            var start = OsloCalendar.StartOf(m);
            var end = OsloCalendar.StartOf(m.AddMonths(1));
            bool In(DateTimeOffset? at) => at is { } t && t >= start && t < end;
            var referrals = list.Count(c => In(c.IssuedAt));
            var starters = list.Count(c => In(c.StartedAt));
            var active = list.Count(c => c.StartedAt is { } s && s < end && (c.EndedAt is not { } e || e >= start));
            var completed = list.Count(c => c.Ending == CourseEnding.Completed && In(c.EndedAt));
            var dropouts = list.Count(c => c.Ending == CourseEnding.DroppedOut && In(c.EndedAt));
            return new MonthFlow(m.Year, m.Month, Show(referrals), Show(starters), Show(active), Show(completed), Show(dropouts));
        }).ToList();
    }

    /// <summary>The first day of every month from <paramref name="firstMonth"/>'s to <paramref name="lastMonth"/>'s, inclusive.</summary>
    public static IReadOnlyList<DateOnly> Months(DateOnly firstMonth, DateOnly lastMonth)
    {
        var months = new List<DateOnly>();
        for (var m = new DateOnly(firstMonth.Year, firstMonth.Month, 1); m <= lastMonth; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        return months;
    }

    private static int? Show(int count) => SmallCells.CanShow(count) ? count : null;
}
