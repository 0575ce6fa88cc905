namespace AktivResept.Domain.Kpis;

/// <summary>
/// Measures a KPI over a period from a contract's facts, and judges the figure against the requirement. Pure: the
/// result depends only on the set of facts and the instant, never on their order; identical duplicate facts collapse.
/// Each metric is one measure function in <see cref="KpiMeasures"/>; the engine never branches on the metric otherwise.
/// </summary>
public static class KpiEngine
{
    private static readonly Dictionary<KpiMetric, Func<KpiSpec, KpiPeriod, KpiInput, DateTimeOffset, KpiMeasurement>> Measures = new()
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
    public static KpiMeasurement Measure(KpiSpec spec, KpiPeriod period, KpiFacts facts, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(facts);
        if (!Measures.TryGetValue(spec.Metric, out var measure))
        {
            throw new NotSupportedException($"No measure function for {spec.Metric}.");
        }

        return measure(spec, period, KpiInput.From(facts), asOf);
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

/// <summary>The facts as a set: one entry per prescription, per trainer-session day, per benefit.</summary>
internal sealed record KpiInput(
    IReadOnlyList<KpiPrescriptionFacts> Prescriptions,
    IReadOnlyList<(Guid PrescriptionId, DateOnly Day, bool Qualified)> TrainerSessionDays,
    IReadOnlyList<KpiLocationCapacity> Capacity,
    IReadOnlyDictionary<Eligibility.BenefitKind, int> Population)
{
    public static KpiInput From(KpiFacts facts)
    {
        var prescriptions = new List<KpiPrescriptionFacts>();
        foreach (var group in facts.Prescriptions.GroupBy(p => p.PrescriptionId))
        {
            var first = group.First();
            if (group.Skip(1).Any(other => !other.SameAs(first)))
            {
                throw new ArgumentException($"Different facts for prescription {first.PrescriptionId}.", nameof(facts));
            }

            prescriptions.Add(first);
        }

        // A participant's trainer session counts at most once a day; it is by a qualified trainer if any registration that day was.
        var days = facts.TrainerSessions
            .GroupBy(s => (s.PrescriptionId, s.Day))
            .Select(g => (g.Key.PrescriptionId, g.Key.Day, Qualified: g.Any(s => s.ByQualifiedTrainer)))
            .ToList();

        var population = new Dictionary<Eligibility.BenefitKind, int>();
        foreach (var row in facts.Population.Distinct())
        {
            if (!population.TryAdd(row.Benefit, row.Residents))
            {
                throw new ArgumentException($"Two population rows for {row.Benefit}.", nameof(facts));
            }
        }

        // Capacity rows are a bag: two activities at one location may commit the same number of places.
        return new KpiInput(prescriptions, days, facts.Capacity, population);
    }
}
