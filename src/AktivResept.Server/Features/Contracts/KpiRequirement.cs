using AktivResept.Domain.Kpis;

namespace AktivResept.Server.Features.Contracts;

/// <summary>
/// A result or quality requirement of a contract version: a metric of the KPI catalogue (by its wire code) with its
/// parameters, judged per period against a threshold in a direction, and "too few to judge" below a minimum number of
/// participants. Evaluations name it by <see cref="Id"/>; the same KPI across versions shares its <c>KpiSpec.Key</c>.
/// </summary>
public sealed class KpiRequirement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The catalogue code, e.g. "adherence-by-week" (<c>KpiCatalogue</c>).</summary>
    public string Metric { get; set; } = string.Empty;

    /// <summary>The metric's parameters by name (stored as JSON), e.g. weeks = 12, share = 0.75.</summary>
    public Dictionary<string, string> Parameters { get; set; } = [];

    public decimal Threshold { get; set; }

    public KpiDirection Direction { get; set; }

    public KpiPeriodKind Period { get; set; }

    public int MinimumParticipants { get; set; }

    public KpiCategory Category { get; set; }
}
