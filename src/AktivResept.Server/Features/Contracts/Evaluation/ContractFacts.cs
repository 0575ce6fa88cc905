using AktivResept.Domain.Kpis;

namespace AktivResept.Server.Features.Contracts.Evaluation;

/// <summary>
/// What <see cref="KpiFactsReader"/> read for one contract, once per pass: the covered prescriptions with their
/// attendance, the trainer sessions, and the municipality's population figures of every year. The capacity and the
/// population year depend on the period, so <see cref="For"/> completes the engine's input per version and period.
/// </summary>
internal sealed record ContractFacts(
    IReadOnlyList<KpiPrescriptionFacts> Prescriptions,
    IReadOnlyList<KpiTrainerSession> TrainerSessions,
    IReadOnlyList<BenefitPopulation> PopulationRows)
{
    public static readonly ContractFacts Empty = new([], [], []);

    public KpiFacts For(ContractVersion version, KpiPeriod period) =>
        new(Prescriptions, TrainerSessions,
            [.. version.Capacity.Select(c => new KpiLocationCapacity(c.LocationId, c.PlacesPerWeek))],
            [.. PopulationFor(period).Select(p => new KpiPopulation(p.Benefit, p.Residents))]);

    /// <summary>
    /// Per benefit the figure of the period's year, or the latest year before it; a period older than every figure
    /// uses the oldest. One figure per benefit, so the equity KPI divides by one population.
    /// </summary>
    public IEnumerable<BenefitPopulation> PopulationFor(KpiPeriod period) =>
        PopulationRows.GroupBy(p => p.Benefit).Select(g =>
            g.Where(p => p.Year <= period.To.Year).MaxBy(p => p.Year) ?? g.MinBy(p => p.Year)!);
}
