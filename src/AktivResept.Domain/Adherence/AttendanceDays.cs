using AktivResept.Domain.Calendar;

namespace AktivResept.Domain.Adherence;

/// <summary>
/// One prescription's attendance folded once into <see cref="AdherenceCalculator"/>'s day tallies, so that the many
/// questions a KPI pass asks of it (sessions on a range of days, the first attended instant, each as known at some
/// instant) cost a binary search instead of a new pass over every fact. Each answer is, by construction and by
/// property test, what <see cref="AdherenceCalculator.Evaluate"/> gives over the same facts: only plan days count,
/// and of the day an instant falls on only the facts not after it.
/// </summary>
public sealed class AttendanceDays
{
    private readonly AdherencePlan plan;
    private readonly int[] days;                         // day numbers with a fact, ascending
    private readonly int[] sessionsBefore;               // countable sessions on days[0 .. i - 1]; one longer than days
    private readonly AttendanceFact[][] facts;           // each day's facts, for the day an instant cuts through
    private readonly DateTimeOffset? firstAttended;      // the earliest attended instant on any plan day
    private readonly int firstAttendedDay;

    private AttendanceDays(AdherencePlan plan, int[] days, int[] sessionsBefore, AttendanceFact[][] facts, DateTimeOffset? firstAttended, int firstAttendedDay)
    {
        this.plan = plan;
        this.days = days;
        this.sessionsBefore = sessionsBefore;
        this.facts = facts;
        this.firstAttended = firstAttended;
        this.firstAttendedDay = firstAttendedDay;
    }

    public AdherencePlan Plan => plan;

    public static AttendanceDays Of(AdherencePlan plan, IEnumerable<AttendanceFact> facts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(facts);
        var dayNumbers = new List<int>();
        var onPlanDays = new List<AttendanceFact>();
        foreach (var fact in facts)
        {
            var day = OsloCalendar.DateOf(fact.OccurredAt);
            if (day >= plan.StartDate && day <= plan.EndDate)
            {
                dayNumbers.Add(day.DayNumber);
                onPlanDays.Add(fact);
            }
        }

        // Sorted by day into two arrays, not a sorted map of lists: the health account and the KPI engine fold millions
        // of facts. The sort need not be stable: a day's tally does not depend on the order of its facts.
        var keys = dayNumbers.ToArray();
        var items = onPlanDays.ToArray();
        Array.Sort(keys, items);
        var count = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            count += i == 0 || keys[i] != keys[i - 1] ? 1 : 0;
        }

        var days = new int[count];
        var sessionsBefore = new int[count + 1];
        var dayFacts = new AttendanceFact[count][];
        DateTimeOffset? first = null;
        var firstDay = 0;
        for (int start = 0, d = 0; start < keys.Length; d++)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            dayFacts[d] = items[start..end];
            var tally = Fold(dayFacts[d], DateTimeOffset.MaxValue);
            days[d] = keys[start];
            sessionsBefore[d + 1] = sessionsBefore[d] + tally.Sessions;
            if (first is null && tally.FirstAttended is { } f)
            {
                (first, firstDay) = (f, keys[start]);
            }

            start = end;
        }

        return new AttendanceDays(plan, days, sessionsBefore, dayFacts, first, firstDay);
    }

    /// <summary>
    /// Countable sessions on the plan days <paramref name="from"/>..<paramref name="to"/> (inclusive) from the facts
    /// not after <paramref name="asOf"/>: <c>Evaluate(plan, facts on those days, asOf).AttendedSessions</c>.
    /// </summary>
    public int Sessions(DateOnly from, DateOnly to, DateTimeOffset asOf)
    {
        var today = OsloCalendar.DateOf(asOf).DayNumber;
        var first = Math.Max(from.DayNumber, plan.StartDate.DayNumber);
        var last = Math.Min(to.DayNumber, plan.EndDate.DayNumber);
        if (last < first)
        {
            return 0;
        }

        // Whole days before the one asOf falls on count in full; on that day only the facts up to asOf; later days not at all.
        var lastWhole = Math.Min(last, today - 1);
        var sessions = lastWhole < first ? 0 : sessionsBefore[UpperBound(lastWhole)] - sessionsBefore[LowerBound(first)];
        if (today >= first && today <= last && Array.BinarySearch(days, today) is var at && at >= 0)
        {
            sessions += Fold(facts[at], asOf).Sessions;
        }

        return sessions;
    }

    /// <summary>
    /// The earliest attended instant on a plan day up to <paramref name="through"/> among the facts not after
    /// <paramref name="asOf"/>: <c>Evaluate(plan ending at through, facts, asOf).FirstAttendedAt</c>.
    /// </summary>
    public DateTimeOffset? FirstAttended(DateOnly through, DateTimeOffset asOf)
    {
        // The earliest attended fact of all is the earliest of any subset that still holds it, and of none that does not.
        if (firstAttended is not { } first || firstAttendedDay > Math.Min(through.DayNumber, plan.EndDate.DayNumber))
        {
            return null;
        }

        return first <= asOf ? first : null;
    }

    private static AdherenceCalculator.DayTally Fold(AttendanceFact[] facts, DateTimeOffset asOf)
    {
        var tally = default(AdherenceCalculator.DayTally);
        foreach (var fact in facts)
        {
            if (fact.OccurredAt <= asOf)
            {
                tally = tally.With(fact);
            }
        }

        return tally;
    }

    /// <summary>Index of the first day ≥ <paramref name="day"/>.</summary>
    private int LowerBound(int day)
    {
        var i = Array.BinarySearch(days, day);
        return i >= 0 ? i : ~i;
    }

    /// <summary>Index just past the last day ≤ <paramref name="day"/>.</summary>
    private int UpperBound(int day)
    {
        var i = Array.BinarySearch(days, day);
        return i >= 0 ? i + 1 : ~i;
    }
}
