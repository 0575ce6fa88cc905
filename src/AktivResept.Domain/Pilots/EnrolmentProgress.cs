namespace AktivResept.Domain.Pilots;

/// <summary>One enrolment as progress counts it: under which municipality, on which Oslo day.</summary>
public sealed record EnrolmentFact(string Municipality, DateOnly EnrolledOn);

/// <summary>A month's new enrolments and the running total up to and including it.</summary>
public sealed record MonthCount(int Year, int Month, int Enrolled, int Cumulative)
{
    public string Label => $"{Year:D4}-{Month:D2}";
}

/// <summary>A municipality's (or the whole pilot's) enrolments per month of the window, against a target.</summary>
public sealed record ProgressSeries(string Municipality, int? Target, int Enrolled, IReadOnlyList<MonthCount> Months)
{
    /// <summary>Share of the target reached (may pass 1); null without a target.</summary>
    public decimal? ShareOfTarget => Target is > 0 ? Math.Round((decimal)Enrolled / Target.Value, 4) : null;
}

/// <summary>
/// Enrolment progress per municipality and month over the months of an enrolment window (up to a given day).
/// Enrolments outside the months are not counted, so every series' last cumulative figure equals its total.
/// </summary>
public static class EnrolmentProgress
{
    /// <summary>Every month from the window's first to the earlier of its last and <paramref name="until"/> (at least the first).</summary>
    public static IReadOnlyList<(int Year, int Month)> MonthsOf(DateOnly from, DateOnly to, DateOnly until)
    {
        var last = until < to ? until : to;
        var months = new List<(int, int)>();
        for (var m = new DateOnly(from.Year, from.Month, 1); months.Count == 0 || m <= last; m = m.AddMonths(1))
        {
            months.Add((m.Year, m.Month));
        }

        return months;
    }

    public static ProgressSeries Series(string municipality, int? target, IEnumerable<EnrolmentFact> facts, IReadOnlyList<(int Year, int Month)> months)
    {
        var perMonth = facts.GroupBy(f => (f.EnrolledOn.Year, f.EnrolledOn.Month)).ToDictionary(g => g.Key, g => g.Count());
        var running = 0;
        var counts = new List<MonthCount>(months.Count);
        foreach (var (year, month) in months)
        {
            var n = perMonth.GetValueOrDefault((year, month));
            running += n;
            counts.Add(new MonthCount(year, month, n, running));
        }

        return new ProgressSeries(municipality, target, running, counts);
    }
}
