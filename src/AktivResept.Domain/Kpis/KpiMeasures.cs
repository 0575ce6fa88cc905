using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Kpis;

/// <summary>
/// One measure function per metric (docs/kpis.md is the prose of each). Sessions are always counted by
/// <see cref="AdherenceCalculator"/>'s day tallies, the one definition of a countable session, folded once per
/// prescription (<see cref="AttendanceDays"/>) and asked per period. "Participants" is the number of
/// distinct prescriptions in the cohort; a share is rounded to 4 decimals, days to 1, per-thousand to 2.
/// </summary>
internal static class KpiMeasures
{
    public static KpiMeasurement AdherenceByWeek(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf)
    {
        var weeks = spec.IntegerParameter("weeks");
        var share = spec.ShareParameter("share");
        var cohort = new List<Guid>();
        var reached = 0;
        foreach (var (p, attendance) in input.Prescriptions)
        {
            var lastDay = p.StartDate.AddDays((7 * weeks) - 1);
            if (p.DurationWeeks < weeks || !period.Contains(lastDay) || !HasEnded(lastDay, asOf))
            {
                continue;
            }

            // As known at the end of week `weeks`, which lies inside the plan (it lasts at least that long).
            var endOfWeek = EndOf(lastDay);
            if (attendance.FirstAttended(p.EndDate, endOfWeek) is null)
            {
                continue; // not a starter by week `weeks`
            }

            cohort.Add(p.PrescriptionId);
            if (DoseReached.ByWeek(p.Plan, attendance, weeks, share))
            {
                reached++;
            }
        }

        return Ratio(reached, cohort);
    }

    public static KpiMeasurement CompletionRate(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf) =>
        EndedAs(PrescriptionStatus.Completed, period, input, asOf);

    public static KpiMeasurement DropoutRate(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf) =>
        EndedAs(PrescriptionStatus.DroppedOut, period, input, asOf);

    public static KpiMeasurement MedianWeeklyAdherence(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf)
    {
        var cohort = new List<Guid>();
        var rates = new List<decimal>();
        int attended = 0, prescribed = 0;
        foreach (var (p, attendance) in input.Prescriptions)
        {
            // Weeks run from the week of the first session to the week the prescription ended (or its plan did).
            var lastDay = p.EndedOn is { } ended && ended < p.EndDate ? ended : p.EndDate;
            if (lastDay < p.StartDate || OsloCalendar.MondayOf(p.StartDate) > period.To || lastDay.AddDays(6) < period.From)
            {
                continue;
            }

            if (attendance.FirstAttended(lastDay, asOf) is not { } first)
            {
                continue;
            }

            var (a, pr) = EndedWeeks(p, attendance, lastDay, OsloCalendar.MondayOf(OsloCalendar.DateOf(first)), period, asOf);
            if (pr == 0)
            {
                continue;
            }

            cohort.Add(p.PrescriptionId);
            rates.Add(Math.Min(1m, (decimal)a / pr));
            attended += a;
            prescribed += pr;
        }

        return Measurement(attended, prescribed, rates.Count == 0 ? null : RoundShare(Median(rates)), cohort);
    }

    /// <summary>
    /// Sessions attended and prescribed over the plan weeks (Monday to Sunday, the plan cut at <paramref name="lastDay"/>)
    /// from <paramref name="firstMonday"/> on whose Sunday is in the period and has ended, leaving out weeks that
    /// prescribe nothing: the weeks of <c>AdherenceCalculator.Evaluate</c> over that plan, as the chart shows them.
    /// </summary>
    private static (int Attended, int Prescribed) EndedWeeks(
        KpiPrescriptionFacts p, AttendanceDays attendance, DateOnly lastDay, DateOnly firstMonday, KpiPeriod period, DateTimeOffset asOf)
    {
        var lastMonday = OsloCalendar.MondayOf(Min(OsloCalendar.DateOf(asOf), lastDay));
        var monday = Max(Max(OsloCalendar.MondayOf(p.StartDate), firstMonday), OsloCalendar.MondayOf(period.From));
        int attended = 0, prescribed = 0;
        for (; monday <= lastMonday && monday.AddDays(6) <= period.To; monday = monday.AddDays(7))
        {
            var sunday = monday.AddDays(6);
            var dose = AdherenceCalculator.Cumulative(p.Plan, Min(sunday, lastDay)) - AdherenceCalculator.Cumulative(p.Plan, Min(monday.AddDays(-1), lastDay));
            if (!period.Contains(sunday) || !HasEnded(sunday, asOf) || dose <= 0)
            {
                continue;
            }

            attended += attendance.Sessions(monday, Min(sunday, lastDay), asOf);
            prescribed += dose;
        }

        return (attended, prescribed);
    }

    public static KpiMeasurement WaitingDaysMedian(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf) =>
        WaitingDays(period, input, asOf, days => Math.Round(Median(days), 1, MidpointRounding.AwayFromZero));

    /// <summary>Nearest rank: the value at rank ⌈0.9 × n⌉ of the sorted waiting days.</summary>
    public static KpiMeasurement WaitingDaysP90(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf) =>
        WaitingDays(period, input, asOf, days => days[(int)Math.Ceiling(0.9m * days.Count) - 1]);

    public static KpiMeasurement CapacityUtilisation(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf)
    {
        var location = spec.LocationParameter("location");
        var rows = input.Capacity.Where(c => location is null || c.LocationId == location).ToList();
        var locations = rows.Select(c => c.LocationId).ToHashSet();
        var places = rows.Sum(c => (decimal)c.PlacesPerWeek);

        // Only whole days that have ended count, on both sides of the ratio.
        var today = OsloCalendar.DateOf(asOf);
        var lastDay = period.To < today ? period.To : today.AddDays(-1);
        var days = Math.Max(0, lastDay.DayNumber - period.From.DayNumber + 1);
        var offered = Math.Round(places * days / 7m, 4, MidpointRounding.AwayFromZero);

        var cohort = new List<Guid>();
        var sessions = 0;
        foreach (var (p, attendance) in input.Prescriptions)
        {
            if (days == 0 || p.LocationId is not { } at || !locations.Contains(at))
            {
                continue;
            }

            var count = attendance.Sessions(period.From, lastDay, asOf);
            if (count > 0)
            {
                cohort.Add(p.PrescriptionId);
                sessions += count;
            }
        }

        decimal? value = offered == 0 ? null : Math.Min(1m, RoundShare(sessions / offered));
        return Measurement(sessions, offered, value, cohort);
    }

    public static KpiMeasurement AnsweredWithinDays(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf)
    {
        var days = spec.IntegerParameter("days");
        var today = OsloCalendar.DateOf(asOf);
        var cohort = new List<Guid>();
        var within = 0;
        foreach (var (p, _) in input.Prescriptions)
        {
            if (p.SentAt is not { } sentAt || sentAt > asOf || !period.Contains(OsloCalendar.DateOf(sentAt)))
            {
                continue;
            }

            var deadline = OsloCalendar.DateOf(sentAt).AddDays(days);
            if (p.AnsweredAt is { } answeredAt && answeredAt <= asOf)
            {
                cohort.Add(p.PrescriptionId);
                within += OsloCalendar.DateOf(answeredAt) <= deadline ? 1 : 0;
            }
            else if (today > deadline && !(p.EndedOn is { } ended && ended <= deadline && ended <= today))
            {
                cohort.Add(p.PrescriptionId); // unanswered past its deadline; still pending or withdrawn in time is left out
            }
        }

        return Ratio(within, cohort);
    }

    public static KpiMeasurement CertifiedTrainerShare(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf)
    {
        var today = OsloCalendar.DateOf(asOf);
        var sessions = input.TrainerSessionDays.Where(s => period.Contains(s.Day) && s.Day <= today).ToList();
        var qualified = sessions.Count(s => s.Qualified);
        var cohort = sessions.Select(s => s.PrescriptionId).Distinct().ToList();
        return Measurement(qualified, sessions.Count, sessions.Count == 0 ? null : RoundShare((decimal)qualified / sessions.Count), cohort);
    }

    public static KpiMeasurement EquityReach(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf)
    {
        var benefit = spec.BenefitParameter("benefit");
        var today = OsloCalendar.DateOf(asOf);
        var lastDay = period.To < today ? period.To : today;
        var cohort = input.Prescriptions
            .Where(p => p.Facts.Benefit is { } b && (benefit is null || b == benefit))
            .Where(p => p.Days.Sessions(period.From, lastDay, asOf) > 0)
            .Select(p => p.Facts.PrescriptionId)
            .ToList();
        var residents = benefit is { } one ? input.Population.GetValueOrDefault(one) : input.Population.Values.Sum();
        decimal? value = residents <= 0 ? null : Math.Round(cohort.Count * 1000m / residents, 2, MidpointRounding.AwayFromZero);
        return Measurement(cohort.Count, residents, value, cohort);
    }

    /// <summary>Prescriptions that reached a terminal status in the period after starting; numerator those ending as <paramref name="outcome"/>.</summary>
    private static KpiMeasurement EndedAs(PrescriptionStatus outcome, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf)
    {
        var today = OsloCalendar.DateOf(asOf);
        var cohort = new List<Guid>();
        var hits = 0;
        foreach (var (p, attendance) in input.Prescriptions)
        {
            if (p.EndedOn is not { } ended || !period.Contains(ended) || ended > today || !Lifecycle.IsTerminal(p.Status)
                || attendance.FirstAttended(p.EndDate, asOf) is null)
            {
                continue;
            }

            cohort.Add(p.PrescriptionId);
            hits += p.Status == outcome ? 1 : 0;
        }

        return Ratio(hits, cohort);
    }

    private static KpiMeasurement WaitingDays(KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf, Func<List<decimal>, decimal> statistic)
    {
        var cohort = new List<Guid>();
        var days = new List<decimal>();
        foreach (var (p, attendance) in input.Prescriptions)
        {
            if (p.SentAt is not { } sentAt || p.StartDate > period.To || p.EndDate < period.From)
            {
                continue;
            }

            var first = attendance.FirstAttended(p.EndDate, asOf);
            if (first is null || !period.Contains(OsloCalendar.DateOf(first.Value)))
            {
                continue;
            }

            cohort.Add(p.PrescriptionId);
            days.Add(Math.Max(0, OsloCalendar.DateOf(first.Value).DayNumber - OsloCalendar.DateOf(sentAt).DayNumber));
        }

        days.Sort();
        return Measurement(days.Sum(), days.Count, days.Count == 0 ? null : statistic(days), cohort);
    }

    private static bool HasEnded(DateOnly day, DateTimeOffset asOf) => asOf >= OsloCalendar.StartOf(day.AddDays(1));

    private static DateTimeOffset EndOf(DateOnly day) => OsloCalendar.StartOf(day.AddDays(1)).AddTicks(-1);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static decimal Median(List<decimal> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static decimal RoundShare(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    private static KpiMeasurement Ratio(int numerator, List<Guid> cohort) =>
        Measurement(numerator, cohort.Count, cohort.Count == 0 ? null : RoundShare((decimal)numerator / cohort.Count), cohort);

    private static KpiMeasurement Measurement(decimal numerator, decimal denominator, decimal? value, List<Guid> cohort)
    {
        cohort.Sort();
        return new KpiMeasurement(numerator, denominator, value, cohort.Count, cohort);
    }
}
