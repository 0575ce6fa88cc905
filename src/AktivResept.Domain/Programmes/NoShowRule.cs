namespace AktivResept.Domain.Programmes;

/// <summary>A booking pause the no-show rule set: the last paused day, and the no-shows that caused it.</summary>
public sealed record NoShowPause(DateOnly Until, DateOnly FirstNoShow, DateOnly LastNoShow, int NoShows);

/// <summary>
/// The no-show rule of «Aktiv på dagtid»: <see cref="NoShows"/> no-shows within <see cref="WindowDays"/> days pause
/// booking for <see cref="PauseDays"/> days, counted from the day of the no-show that completed the count (that day
/// included). A place booked and not used is a place someone on the waiting list did not get; the pause ends on its own
/// and the same no-shows never pause twice, because the pause is anchored to them.
/// </summary>
public sealed record NoShowRule(int NoShows, int WindowDays, int PauseDays)
{
    /// <summary>3 no-shows in 4 weeks pause booking for 2 weeks.</summary>
    public static readonly NoShowRule Default = new(3, 28, 14);

    /// <summary>The pause in force on <paramref name="today"/> (Oslo days of the no-shown sessions), or null.</summary>
    public NoShowPause? PauseOn(IEnumerable<DateOnly> noShowDays, DateOnly today)
    {
        if (NoShows < 1 || PauseDays < 1)
        {
            return null;
        }

        var days = noShowDays.Where(d => d <= today).Order().ToList();
        NoShowPause? current = null;
        for (var last = NoShows - 1; last < days.Count; last++)
        {
            var first = days[last - NoShows + 1];
            if (days[last].DayNumber - first.DayNumber >= WindowDays)
            {
                continue;
            }

            var until = days[last].AddDays(PauseDays - 1);
            if (until >= today && (current is null || until > current.Until))
            {
                current = new NoShowPause(until, first, days[last], NoShows);
            }
        }

        return current;
    }
}
