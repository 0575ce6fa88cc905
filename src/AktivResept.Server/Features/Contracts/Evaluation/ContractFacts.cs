using AktivResept.Domain.Calendar;
using AktivResept.Domain.Kpis;

namespace AktivResept.Server.Features.Contracts.Evaluation;

/// <summary>
/// What <see cref="KpiFactsReader"/> read for one contract, once per pass: the covered prescriptions with their
/// attendance, the trainer sessions, and the municipality's population figures of every year. The attendance is
/// folded into day tallies once (<see cref="PreparedKpiFacts.From"/>); the capacity and the population year depend on the
/// period, so <see cref="For"/> completes the engine's input per version and period.
/// </summary>
internal sealed class ContractFacts(
    IReadOnlyList<KpiPrescriptionFacts> prescriptions,
    IReadOnlyList<KpiTrainerSession> trainerSessions,
    IReadOnlyList<BenefitPopulation> populationRows)
{
    private readonly PreparedKpiFacts all = PreparedKpiFacts.From(new KpiFacts(prescriptions, trainerSessions, [], []));

    public static readonly ContractFacts Empty = new([], [], []);

    /// <summary>Days around a period whose prescriptions are still handed to the engine (a plan week may straddle its edge).</summary>
    public const int Margin = 7;

    /// <summary>
    /// The engine's input for one period. Only prescriptions whose span (from the earlier of sending and start to the
    /// later of plan end, terminal day and answer) comes within <see cref="Margin"/> days of the period can be in any
    /// metric's cohort (docs/kpis.md), so only those are passed: a contract's three years of history are not
    /// re-measured for every month.
    /// </summary>
    public PreparedKpiFacts For(ContractVersion version, KpiPeriod period)
    {
        var from = period.From.AddDays(-Margin);
        var to = period.To.AddDays(Margin);
        return all.Narrow(p => First(p) <= to && Last(p) >= from, period.Contains,
            [.. version.Capacity.Select(c => new KpiLocationCapacity(c.LocationId, c.PlacesPerWeek))],
            [.. PopulationFor(period).Select(p => new KpiPopulation(p.Benefit, p.Residents))]);
    }

    private static DateOnly First(KpiPrescriptionFacts p) =>
        p.SentAt is { } sent && OsloCalendar.DateOf(sent) < p.StartDate ? OsloCalendar.DateOf(sent) : p.StartDate;

    private static DateOnly Last(KpiPrescriptionFacts p)
    {
        var last = p.EndDate;
        foreach (var day in new[] { p.EndedOn, p.AnsweredAt is { } a ? OsloCalendar.DateOf(a) : null, p.SentAt is { } s ? OsloCalendar.DateOf(s) : null })
        {
            if (day > last)
            {
                last = day.Value;
            }
        }

        return last;
    }

    /// <summary>
    /// Per benefit the figure of the period's year, or the latest year before it; a period older than every figure
    /// uses the oldest. One figure per benefit, so the equity KPI divides by one population.
    /// </summary>
    public IEnumerable<BenefitPopulation> PopulationFor(KpiPeriod period) =>
        populationRows.GroupBy(p => p.Benefit).Select(g =>
            g.Where(p => p.Year <= period.To.Year).MaxBy(p => p.Year) ?? g.MinBy(p => p.Year)!);
}
