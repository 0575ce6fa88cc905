using AktivResept.Domain.Kpis;
using AktivResept.Server.Features.Contracts;

namespace AktivResept.Server.Components.Contracts;

/// <summary>A contract as its pages show it: parties by name, status with its history, and every version.</summary>
public sealed record ContractDisplay(
    Guid Id,
    string Name,
    string PayerName,
    string ProviderName,
    ContractStatus Status,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    IReadOnlyList<ContractStatusChangeDisplay> History,
    IReadOnlyList<VersionDisplay> Versions,
    IReadOnlyDictionary<Guid, string> LocationNames)
{
    /// <summary>The latest move: who set the current status, when and why.</summary>
    public ContractStatusChangeDisplay? LastChange => History.Count == 0 ? null : History[^1];

    public VersionDisplay? Draft => Versions.Where(v => v.Status == ContractVersionStatus.Draft).MaxBy(v => v.Number);

    public VersionDisplay? Active => Versions.Where(v => v.Status == ContractVersionStatus.Active).MaxBy(v => v.ValidFrom);

    /// <summary>The version a reader sees first: the active one, else the newest.</summary>
    public VersionDisplay? Current => Active ?? Versions.MaxBy(v => v.Number);

    public string LocationName(Guid id) => LocationNames.TryGetValue(id, out var name) ? name : id.ToString();
}

public sealed record ContractStatusChangeDisplay(ContractStatus? From, ContractStatus To, DateTimeOffset At, string By, string? Reason);

public sealed record VersionDisplay(
    Guid Id,
    int Number,
    ContractVersionStatus Status,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    decimal CoFinancingShare,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ActivatedAt,
    string? ActivatedBy,
    IReadOnlyList<CapacityRequirement> Capacity,
    IReadOnlyList<AvailabilityRequirement> Availability,
    ContentRequirement Content,
    IReadOnlyList<KpiRequirement> Kpis);

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
