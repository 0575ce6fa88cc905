using AktivResept.Domain.Errors;
using AktivResept.Domain.Kpis;

namespace AktivResept.Server.Features.Contracts.Results;

/// <summary>A contract's KPI dashboard: per KPI (its key, stable across versions) the current figure of each period, oldest first.</summary>
public sealed record KpiDashboard(Guid ContractId, string ContractName, KpiPeriodKind? Period, IReadOnlyList<KpiSeries> Kpis);

/// <summary>One KPI over its periods. Metric, unit and category are the catalogue's and the latest requirement's.</summary>
public sealed record KpiSeries(string Key, string Metric, KpiUnit Unit, KpiCategory Category, KpiPeriodKind Period, IReadOnlyList<KpiFigureView> Figures);

/// <summary>
/// One stored figure: the period (wire label and days), numerator, denominator, value (null when nothing to measure),
/// the threshold it was judged against, the verdict, whether it is final or still provisional, its revision and the
/// version whose requirement judged it.
/// </summary>
public sealed record KpiFigureView(
    Guid EvaluationId,
    string Period,
    DateOnly From,
    DateOnly To,
    decimal Numerator,
    decimal Denominator,
    decimal? Value,
    decimal Threshold,
    KpiDirection Direction,
    int Participants,
    int MinimumParticipants,
    KpiVerdict Verdict,
    bool IsFinal,
    int Revision,
    Guid VersionId,
    int VersionNumber,
    DateTimeOffset ComputedAt);

/// <summary>
/// Why a figure is what it is: the figure, every revision of its period (oldest first), and the pseudonymised
/// prescriptions behind it (<see cref="Prescriptions"/>), or, for a cohort of 1–4, <see cref="Suppressed"/> instead.
/// <see cref="PopulationSource"/> names the reference table's source and year for an equity figure.
/// </summary>
public sealed record KpiExplanation(
    Guid ContractId,
    string Key,
    string Metric,
    KpiUnit Unit,
    KpiCategory Category,
    KpiFigureView Figure,
    IReadOnlyList<KpiFigureView> Revisions,
    IReadOnlyList<string>? Prescriptions,
    Error? Suppressed,
    string? PopulationSource);
