using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Adherence;

/// <summary>
/// Pure adherence rules. The result depends only on the set of facts, never on their order or arrival time, so a late
/// or replayed event gives the same figures as one that came in time.
/// <list type="bullet">
/// <item>Only facts on an Oslo calendar day inside the prescription period and not after <c>asOf</c> count.</item>
/// <item>Each PT session and each class attendance is a session. Door check-ins count as one session on a day with
/// no PT session or class (a member who checks in for a class is not counted twice, nor one who checks in twice).</item>
/// <item>Prescribed sessions are spread evenly over the period's days and rounded cumulatively, so a week that only
/// partly overlaps the period asks for its share and the weeks always add up to the whole dose.</item>
/// </list>
/// </summary>
public static class AdherenceCalculator
{
    public static AdherenceReport Evaluate(AdherencePlan plan, IEnumerable<AttendanceFact> facts, DateTimeOffset asOf, AdherencePolicy policy)
    {
        var today = OsloCalendar.DateOf(asOf);
        var days = new SortedDictionary<DateOnly, DayTally>();
        foreach (var fact in facts)
        {
            if (fact.OccurredAt > asOf)
            {
                continue;
            }

            var day = OsloCalendar.DateOf(fact.OccurredAt);
            if (day < plan.StartDate || day > plan.EndDate)
            {
                continue;
            }

            days[day] = (days.TryGetValue(day, out var tally) ? tally : default).With(fact);
        }

        DateTimeOffset? first = null, last = null;
        foreach (var tally in days.Values)
        {
            if (tally.FirstAttended is { } f && (first is null || f < first))
            {
                first = f;
            }

            if (tally.LastAttended is { } l && (last is null || l > last))
            {
                last = l;
            }
        }

        var weeks = Weeks(plan, today, days);
        var lastCountedDay = Min(today, plan.EndDate);
        var prescribedToDate = lastCountedDay < plan.StartDate ? 0 : Cumulative(plan, lastCountedDay);
        var prescribedTotal = Cumulative(plan, plan.EndDate);
        var attended = days.Values.Sum(d => d.Sessions);
        var minutes = days.Values.Any(d => d.Minutes is not null) ? days.Values.Sum(d => d.Minutes ?? 0) : (int?)null;

        // Silence is measured up to today, or up to the period's end once it is over.
        var silenceEnd = Min(today, plan.EndDate);
        var silentSince = last is { } l2 ? OsloCalendar.DateOf(l2) : plan.StartDate;
        var silentDays = SilentDays(plan, silentSince, silenceEnd);
        var verdict = Verdict(plan, policy, today, started: first is not null, silentDays);
        return new AdherenceReport(weeks, attended, prescribedToDate, prescribedTotal, minutes, first, last, silentDays, verdict);
    }

    private static AdherenceVerdict Verdict(AdherencePlan plan, AdherencePolicy policy, DateOnly today, bool started, int silentDays)
    {
        if (!started)
        {
            if (today < plan.StartDate)
            {
                return AdherenceVerdict.NotStarted;
            }

            if (today > plan.EndDate || silentDays >= policy.DropOutAfterDays)
            {
                return AdherenceVerdict.NeverStarted;
            }

            return silentDays >= policy.DropoutRiskAfterDays ? AdherenceVerdict.DropoutRisk : AdherenceVerdict.NotStarted;
        }

        if (silentDays >= policy.DropOutAfterDays)
        {
            return AdherenceVerdict.DroppedOut;
        }

        if (today > plan.EndDate)
        {
            return AdherenceVerdict.Completed;
        }

        return silentDays >= policy.DropoutRiskAfterDays ? AdherenceVerdict.DropoutRisk : AdherenceVerdict.OnTrack;
    }

    private static List<WeekAdherence> Weeks(AdherencePlan plan, DateOnly today, SortedDictionary<DateOnly, DayTally> days)
    {
        var weeks = new List<WeekAdherence>();
        var lastMonday = OsloCalendar.MondayOf(Min(today, plan.EndDate));
        var previous = 0;
        for (var monday = OsloCalendar.MondayOf(plan.StartDate); monday <= lastMonday; monday = monday.AddDays(7))
        {
            var sunday = monday.AddDays(6);
            var cumulative = Cumulative(plan, Min(sunday, plan.EndDate));
            int attended = 0, noShows = 0, minutes = 0;
            var minutesKnown = false;
            foreach (var (day, tally) in days)
            {
                if (day < monday || day > sunday)
                {
                    continue;
                }

                attended += tally.Sessions;
                noShows += tally.NoShows;
                if (tally.Minutes is { } m)
                {
                    minutes += m;
                    minutesKnown = true;
                }
            }

            var (year, week) = OsloCalendar.IsoWeekOf(monday);
            weeks.Add(new WeekAdherence(year, week, monday, cumulative - previous, attended, noShows, minutesKnown ? minutes : null));
            previous = cumulative;
        }

        return weeks;
    }

    /// <summary>
    /// Days without attendance after <paramref name="since"/> through <paramref name="through"/>, not counting paused
    /// days: the one definition of the dropout clock, which stands still while the participant has a pause.
    /// </summary>
    public static int SilentDays(AdherencePlan plan, DateOnly since, DateOnly through) =>
        Math.Max(0, through.DayNumber - since.DayNumber - PausedSpan.DaysWithin(plan.Paused, since.AddDays(1), through));

    /// <summary>
    /// Sessions prescribed from the start date through <paramref name="through"/>, rounded half away from zero. Paused
    /// days ask for none; the period is longer by as many days, so the whole dose stays the same.
    /// </summary>
    internal static int Cumulative(AdherencePlan plan, DateOnly through)
    {
        var daysIn = through.DayNumber - plan.StartDate.DayNumber + 1 - PausedSpan.DaysWithin(plan.Paused, plan.StartDate, through);
        return daysIn <= 0 ? 0 : (int)Math.Round(plan.SessionsPerWeek * daysIn / 7m, MidpointRounding.AwayFromZero);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>What one calendar day contributes. Folding is commutative, so fact order cannot matter.</summary>
    internal readonly record struct DayTally(int Booked, int CheckIns, int NoShows, int? BookedMinutes, int? CheckInMinutes, DateTimeOffset? FirstAttended, DateTimeOffset? LastAttended)
    {
        /// <summary>A day counts once however many attended events it holds (<see cref="CountableSession"/>).</summary>
        public int Sessions => CountableSession.OnDay(Booked + CheckIns);

        public int? Minutes => Booked > 0 ? BookedMinutes : CheckInMinutes;

        public DayTally With(AttendanceFact fact)
        {
            if (!CountableSession.CountsForAdherence(fact.Kind))
            {
                return this with { NoShows = NoShows + 1 };
            }

            var first = FirstAttended is { } f && f <= fact.OccurredAt ? f : fact.OccurredAt;
            var last = LastAttended is { } l && l >= fact.OccurredAt ? l : fact.OccurredAt;
            return fact.Kind == AttendanceKind.CheckIn
                ? this with { CheckIns = CheckIns + 1, CheckInMinutes = MaxOrNull(CheckInMinutes, fact.Minutes), FirstAttended = first, LastAttended = last }
                : this with { Booked = Booked + 1, BookedMinutes = SumOrNull(BookedMinutes, fact.Minutes), FirstAttended = first, LastAttended = last };
        }

        private static int? SumOrNull(int? a, int? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

        private static int? MaxOrNull(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
    }
}
