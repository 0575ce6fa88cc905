using AktivResept.Domain.Kpis;
using AktivResept.Server.Features.Contracts;

namespace AktivResept.Server.Components.Contracts;

/// <summary>One row of a contracts list, with the latest verdict of each of its KPIs counted.</summary>
public sealed record ContractRowDisplay(
    Guid Id,
    string Name,
    string ProviderName,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    ContractStatus Status,
    int? CurrentVersion,
    int Met,
    int NotMet,
    int TooFew);

/// <summary>One KPI's figures over periods (its identity across versions is the key).</summary>
public sealed record KpiSeriesDisplay(
    string Key,
    string Metric,
    IReadOnlyDictionary<string, string> Parameters,
    KpiCategory Category,
    IReadOnlyList<KpiFigureDisplay> Periods)
{
    public KpiUnit Unit => KpiText.UnitOf(Metric);

    public KpiFigureDisplay? Latest => Periods.Count == 0 ? null : Periods[^1];
}

/// <summary>The current revision of one period's figure.</summary>
public sealed record KpiFigureDisplay(
    Guid EvaluationId,
    string Period,
    DateOnly From,
    DateOnly To,
    decimal? Value,
    decimal Threshold,
    KpiDirection Direction,
    KpiVerdict Verdict,
    bool IsFinal,
    int Revision,
    int Participants,
    int MinimumParticipants);
