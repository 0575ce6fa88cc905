using AktivResept.Domain.Adherence;
using AktivResept.Domain.Eligibility;

namespace AktivResept.Domain.Kpis;

/// <summary>
/// Measures a KPI over a period from a contract's facts, and judges the figure against the requirement. Pure: the
/// result depends only on the set of facts and the instant, never on their order; identical duplicate facts collapse.
/// Each metric is one measure function in <see cref="KpiMeasures"/>; the engine never branches on the metric otherwise.
/// </summary>
public static class KpiEngine
{
    private static readonly Dictionary<KpiMetric, Func<KpiSpec, KpiPeriod, PreparedKpiFacts, DateTimeOffset, KpiMeasurement>> Measures = new()
    {
        [KpiMetric.AdherenceByWeek] = KpiMeasures.AdherenceByWeek,
        [KpiMetric.CompletionRate] = KpiMeasures.CompletionRate,
        [KpiMetric.DropoutRate] = KpiMeasures.DropoutRate,
        [KpiMetric.MedianWeeklyAdherence] = KpiMeasures.MedianWeeklyAdherence,
        [KpiMetric.WaitingDaysMedian] = KpiMeasures.WaitingDaysMedian,
        [KpiMetric.WaitingDaysP90] = KpiMeasures.WaitingDaysP90,
        [KpiMetric.CapacityUtilisation] = KpiMeasures.CapacityUtilisation,
        [KpiMetric.AnsweredWithinDays] = KpiMeasures.AnsweredWithinDays,
        [KpiMetric.CertifiedTrainerShare] = KpiMeasures.CertifiedTrainerShare,
        [KpiMetric.EquityReach] = KpiMeasures.EquityReach,
    };

    /// <summary>Whether the engine has a measure function for the metric (every catalogue entry must).</summary>
    public static bool CanMeasure(KpiMetric metric) => Measures.ContainsKey(metric);

    /// <summary>
    /// The figure of <paramref name="spec"/> over <paramref name="period"/> as known at <paramref name="asOf"/>: facts
    /// after that instant are left out. Throws <see cref="ArgumentException"/> when the facts contradict themselves
    /// (two different fact sets for one prescription, two population rows for one benefit).
    /// </summary>
    public static KpiMeasurement Measure(KpiSpec spec, KpiPeriod period, KpiFacts facts, DateTimeOffset asOf) =>
        Measure(spec, period, PreparedKpiFacts.From(facts), asOf);

    /// <summary>The same, from facts prepared once with <see cref="PreparedKpiFacts.From"/> (and narrowed per period).</summary>
    public static KpiMeasurement Measure(KpiSpec spec, KpiPeriod period, PreparedKpiFacts input, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(input);
        if (!Measures.TryGetValue(spec.Metric, out var measure))
        {
            throw new NotSupportedException($"No measure function for {spec.Metric}.");
        }

        return measure(spec, period, input, asOf);
    }

    /// <summary>Too few when fewer participants than the minimum or no figure at all; otherwise met or not met.</summary>
    public static KpiVerdict Judge(KpiSpec spec, KpiMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(measurement);
        if (measurement.Participants < spec.MinimumParticipants || measurement.Value is not { } value)
        {
            return KpiVerdict.TooFew;
        }

        var met = spec.Direction == KpiDirection.AtLeast ? value >= spec.Threshold : value <= spec.Threshold;
        return met ? KpiVerdict.Met : KpiVerdict.NotMet;
    }
}

/// <summary>
/// The facts as a set, prepared once: one entry per prescription with its attendance folded into day tallies
/// (<see cref="AttendanceDays"/>), one per trainer-session day, one population figure per benefit. Build it with
/// <see cref="From"/>; <see cref="Narrow"/> hands one period the prescriptions and capacity it needs without folding
/// the attendance again, so a pass over many periods and KPIs reads each prescription's attendance once.
/// </summary>
public sealed class PreparedKpiFacts
{
    private PreparedKpiFacts(
        IReadOnlyList<KpiPrescription> prescriptions, IReadOnlyList<(Guid PrescriptionId, DateOnly Day, bool Qualified)> trainerSessionDays,
        IReadOnlyList<KpiLocationCapacity> capacity, IReadOnlyDictionary<BenefitKind, int> population)
    {
        Prescriptions = prescriptions;
        TrainerSessionDays = trainerSessionDays;
        Capacity = capacity;
        Population = population;
    }

    internal IReadOnlyList<KpiPrescription> Prescriptions { get; }

    internal IReadOnlyList<(Guid PrescriptionId, DateOnly Day, bool Qualified)> TrainerSessionDays { get; }

    internal IReadOnlyList<KpiLocationCapacity> Capacity { get; }

    internal IReadOnlyDictionary<BenefitKind, int> Population { get; }

    /// <summary>
    /// Collapses identical duplicates; throws <see cref="ArgumentException"/> when the facts contradict themselves
    /// (two different fact sets for one prescription, two population rows for one benefit).
    /// </summary>
    public static PreparedKpiFacts From(KpiFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var prescriptions = new List<KpiPrescription>();
        foreach (var group in facts.Prescriptions.GroupBy(p => p.PrescriptionId))
        {
            var first = group.First();
            if (group.Skip(1).Any(other => !other.SameAs(first)))
            {
                throw new ArgumentException($"Different facts for prescription {first.PrescriptionId}.", nameof(facts));
            }

            prescriptions.Add(new KpiPrescription(first, AttendanceDays.Of(first.Plan, first.Attendance)));
        }

        // A participant's trainer session counts at most once a day; it is by a qualified trainer if any registration that day was.
        var days = facts.TrainerSessions
            .GroupBy(s => (s.PrescriptionId, s.Day))
            .Select(g => (g.Key.PrescriptionId, g.Key.Day, Qualified: g.Any(s => s.ByQualifiedTrainer)))
            .ToList();

        // Capacity rows are a bag: two activities at one location may commit the same number of places.
        return new PreparedKpiFacts(prescriptions, days, facts.Capacity, PopulationOf(facts.Population, nameof(facts)));
    }

    /// <summary>
    /// The same prepared facts with only the prescriptions and trainer-session days that pass the filters, and the
    /// given capacity and population in place of this input's.
    /// </summary>
    public PreparedKpiFacts Narrow(
        Func<KpiPrescriptionFacts, bool> prescription, Func<DateOnly, bool> trainerSessionDay,
        IReadOnlyList<KpiLocationCapacity> capacity, IReadOnlyList<KpiPopulation> population)
    {
        ArgumentNullException.ThrowIfNull(prescription);
        ArgumentNullException.ThrowIfNull(trainerSessionDay);
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(population);
        return new PreparedKpiFacts(
            [.. Prescriptions.Where(p => prescription(p.Facts))], [.. TrainerSessionDays.Where(s => trainerSessionDay(s.Day))],
            capacity, PopulationOf(population, nameof(population)));
    }

    private static Dictionary<BenefitKind, int> PopulationOf(IEnumerable<KpiPopulation> rows, string parameter)
    {
        var population = new Dictionary<BenefitKind, int>();
        foreach (var row in rows.Distinct())
        {
            if (!population.TryAdd(row.Benefit, row.Residents))
            {
                throw new ArgumentException($"Two population rows for {row.Benefit}.", parameter);
            }
        }

        return population;
    }
}

/// <summary>A prescription's facts and its attendance folded once.</summary>
internal sealed record KpiPrescription(KpiPrescriptionFacts Facts, AttendanceDays Days);
