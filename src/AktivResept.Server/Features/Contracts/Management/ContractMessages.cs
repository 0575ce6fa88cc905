using AktivResept.Domain.Kpis;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;

namespace AktivResept.Server.Features.Contracts.Management;

/// <summary>A new contract: the parties' provider (the payer is the caller's), name, overall period and version 1's share.</summary>
public sealed record CreateContractRequest(Guid? ProviderId, string? Name, DateOnly? ValidFrom, DateOnly? ValidTo, decimal? CoFinancingShare);

/// <summary>The whole content of a draft version: a PUT replaces every part.</summary>
public sealed record EditVersionRequest(
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    decimal? CoFinancingShare,
    IReadOnlyList<CapacityInput>? Capacity,
    IReadOnlyList<AvailabilityInput>? Availability,
    ContentInput? Content,
    IReadOnlyList<KpiInput>? Kpis);

public sealed record CapacityInput(Guid? LocationId, ActivityType? ActivityType, int? PlacesPerWeek);

/// <summary>Opening hours a location must keep on ISO weekdays (1 = Monday .. 7 = Sunday), with required features.</summary>
public sealed record AvailabilityInput(Guid? LocationId, IReadOnlyList<int>? IsoDays, TimeOnly? Opens, TimeOnly? Closes, IReadOnlyList<AccessibilityFeature>? Features);

public sealed record ContentInput(IReadOnlyList<ActivityType>? ActivityTypes, CertificationKind? TrainerCompetence);

/// <summary>A KPI requirement: a catalogue metric code with its parameters; direction defaults to the metric's, category to Result.</summary>
public sealed record KpiInput(
    string? Metric,
    Dictionary<string, string>? Parameters,
    decimal? Threshold,
    KpiDirection? Direction,
    KpiPeriodKind? Period,
    int? MinimumParticipants,
    KpiCategory? Category);

/// <summary>A new draft copied from the latest version, in force from <see cref="ValidFrom"/>.</summary>
public sealed record NewVersionRequest(DateOnly? ValidFrom);

/// <summary>Why a contract ends (required), and for a termination its last day (today when not given).</summary>
public sealed record ContractStatusRequest(string? Reason, DateOnly? LastDay);

public sealed record ContractSummary(
    Guid Id, Guid PayerId, Guid ProviderId, string Name, ContractStatus Status, DateOnly ValidFrom, DateOnly? ValidTo,
    decimal CoFinancingShare, int? ActiveVersion);

public sealed record ContractDetail(
    Guid Id, Guid PayerId, string PayerName, Guid ProviderId, string ProviderName, string Name, ContractStatus Status,
    DateTimeOffset StatusChangedAt, string StatusChangedBy, string? StatusReason, DateOnly ValidFrom, DateOnly? ValidTo,
    bool CanManage, IReadOnlyList<StatusChangeView> StatusHistory, IReadOnlyList<VersionView> Versions);

public sealed record StatusChangeView(ContractStatus? From, ContractStatus To, DateTimeOffset At, string By, string? Reason);

public sealed record VersionView(
    Guid Id, int Number, ContractVersionStatus Status, DateOnly ValidFrom, DateOnly? ValidTo, decimal CoFinancingShare,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? ActivatedAt, string? ActivatedBy,
    IReadOnlyList<CapacityView> Capacity, IReadOnlyList<AvailabilityView> Availability, ContentView Content, IReadOnlyList<KpiRequirementView> Kpis);

public sealed record CapacityView(Guid LocationId, ActivityType ActivityType, int PlacesPerWeek);

public sealed record AvailabilityView(Guid LocationId, IReadOnlyList<int> IsoDays, TimeOnly Opens, TimeOnly Closes, IReadOnlyList<AccessibilityFeature> Features);

public sealed record ContentView(IReadOnlyList<ActivityType> ActivityTypes, CertificationKind? TrainerCompetence);

/// <summary>A KPI requirement as stored, with <see cref="Key"/>: its identity across versions (<c>KpiSpec.Key</c>).</summary>
public sealed record KpiRequirementView(
    Guid Id, string Metric, IReadOnlyDictionary<string, string> Parameters, decimal Threshold, KpiDirection Direction,
    KpiPeriodKind Period, int MinimumParticipants, KpiCategory Category, string Key);

internal static class ContractViews
{
    public static ContractSummary Summary(Contract c)
    {
        var active = c.Versions.Where(v => v.Status == ContractVersionStatus.Active).MaxBy(v => v.Number);
        var shown = active ?? c.Versions.MaxBy(v => v.Number);
        return new(c.Id, c.PayerId, c.ProviderId, c.Name, c.Status, c.ValidFrom, c.ValidTo, shown?.CoFinancingShare ?? 0m, active?.Number);
    }

    public static VersionView Version(ContractVersion v) => new(
        v.Id, v.Number, v.Status, v.ValidFrom, v.ValidTo, v.CoFinancingShare, v.CreatedAt, v.CreatedBy, v.ActivatedAt, v.ActivatedBy,
        [.. v.Capacity.Select(c => new CapacityView(c.LocationId, c.ActivityType, c.PlacesPerWeek))],
        [.. v.Availability.Select(a => new AvailabilityView(a.LocationId, [.. a.IsoDays.Order()], a.Opens, a.Closes, [.. a.Features.Order()]))],
        new ContentView([.. v.Content.ActivityTypes.Order()], v.Content.TrainerCompetence),
        // Rows come back from the database in no promised order: list KPIs by their key, so every read shows them alike.
        [.. v.Kpis.Select(Kpi).OrderBy(k => k.Key, StringComparer.Ordinal).ThenBy(k => k.Id)]);

    public static KpiRequirementView Kpi(KpiRequirement k) => new(
        k.Id, k.Metric, k.Parameters, k.Threshold, k.Direction, k.Period, k.MinimumParticipants, k.Category,
        KpiSpec.TryCreate(k.Metric, k.Parameters, k.Threshold, k.Direction, k.Period, k.MinimumParticipants, out var spec, out _) ? spec.Key : k.Metric);
}
