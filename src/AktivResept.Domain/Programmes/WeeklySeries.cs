using AktivResept.Domain.Calendar;

namespace AktivResept.Domain.Programmes;

/// <summary>One dated session of a weekly series: its Oslo day and the UTC instants it starts and ends.</summary>
public sealed record SeriesOccurrence(DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>
/// A weekly series (every given weekday at an Oslo wall-clock time) unrolled into dated sessions. Times are wall-clock
/// in Oslo, so a 10:00 class stays at 10:00 across the summer-time change; a start that does not exist on the night
/// the clocks go forward moves on by the gap.
/// </summary>
public static class WeeklySeries
{
    public static IReadOnlyList<SeriesOccurrence> Occurrences(
        DayOfWeek weekday, TimeOnly start, int durationMinutes, DateOnly from, DateOnly to, IReadOnlySet<DateOnly>? skip = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationMinutes);
        var result = new List<SeriesOccurrence>();
        var first = from.AddDays(((int)weekday - (int)from.DayOfWeek + 7) % 7);
        for (var day = first; day <= to; day = day.AddDays(7))
        {
            if (skip?.Contains(day) == true)
            {
                continue;
            }

            var startsAt = At(day, start);
            result.Add(new SeriesOccurrence(day, startsAt, startsAt.AddMinutes(durationMinutes)));
        }

        return result;
    }

    /// <summary>The UTC instant of an Oslo wall-clock time on an Oslo day.</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (OsloCalendar.Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = OsloCalendar.Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
