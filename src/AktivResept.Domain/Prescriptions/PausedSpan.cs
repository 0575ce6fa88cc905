namespace AktivResept.Domain.Prescriptions;

/// <summary>A span of paused Oslo calendar days, both inclusive; empty (no days) when <see cref="Last"/> is before <see cref="First"/>.</summary>
public readonly record struct PausedSpan(DateOnly First, DateOnly Last)
{
    public int Days => Math.Max(0, Last.DayNumber - First.DayNumber + 1);

    public bool Contains(DateOnly day) => day >= First && day <= Last;

    public bool Overlaps(PausedSpan other) => Days > 0 && other.Days > 0 && First <= other.Last && other.First <= Last;

    /// <summary>Paused days among <paramref name="from"/>..<paramref name="to"/> (inclusive) in any of <paramref name="spans"/>, which do not overlap.</summary>
    public static int DaysWithin(IReadOnlyList<PausedSpan>? spans, DateOnly from, DateOnly to)
    {
        if (spans is null || to < from)
        {
            return 0;
        }

        var days = 0;
        foreach (var s in spans)
        {
            var first = Math.Max(s.First.DayNumber, from.DayNumber);
            var last = Math.Min(s.Last.DayNumber, to.DayNumber);
            days += Math.Max(0, last - first + 1);
        }

        return days;
    }

    public static bool AnyContains(IReadOnlyList<PausedSpan>? spans, DateOnly day) => spans is not null && spans.Any(s => s.Contains(day));
}
