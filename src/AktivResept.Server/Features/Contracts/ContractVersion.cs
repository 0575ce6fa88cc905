using AktivResept.Domain.Matching;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;

namespace AktivResept.Server.Features.Contracts;

/// <summary>
/// What a contract requires during its own validity. A draft may be edited; once active it never changes (claims and
/// KPI evaluations name the version they used). A change is a new draft copied from the latest version, with a later
/// <see cref="ValidFrom"/>; activating it closes the previous version the day before (docs/adr/0007-contract-versions.md).
/// </summary>
public sealed class ContractVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    /// <summary>1, 2, ... in order of creation.</summary>
    public int Number { get; set; }

    public ContractVersionStatus Status { get; set; } = ContractVersionStatus.Draft;

    public DateOnly ValidFrom { get; set; }

    /// <summary>The last day (inclusive); null while open-ended.</summary>
    public DateOnly? ValidTo { get; set; }

    /// <summary>The share of each session (after copay) the provider co-finances, e.g. 0.30: the one claims use.</summary>
    public decimal CoFinancingShare { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset? ActivatedAt { get; set; }

    public string? ActivatedBy { get; set; }

    public List<CapacityRequirement> Capacity { get; set; } = [];

    public List<AvailabilityRequirement> Availability { get; set; } = [];

    public ContentRequirement Content { get; set; } = new();

    public List<KpiRequirement> Kpis { get; set; } = [];

    /// <summary>Active now, or active once (superseded): a version that has bound the parties.</summary>
    public bool WasActivated => Status is ContractVersionStatus.Active or ContractVersionStatus.Superseded;

    public bool InForceOn(DateOnly day) => ValidFrom <= day && (ValidTo is null || day <= ValidTo);

    public bool Overlaps(DateOnly from, DateOnly? to) => (to is null || ValidFrom <= to) && (ValidTo is null || from <= ValidTo);
}

public enum ContractVersionStatus
{
    Draft,
    Active,
    Superseded,
}

/// <summary>Places per week the provider commits to at one of its locations for one activity.</summary>
public sealed class CapacityRequirement
{
    public Guid LocationId { get; set; }

    public ActivityType ActivityType { get; set; }

    public int PlacesPerWeek { get; set; }
}

/// <summary>
/// Hours a location must be open on the given ISO weekdays (1 = Monday .. 7 = Sunday), with the universal-design
/// features it must have; checked against the location's registered opening hours and features on activation.
/// </summary>
public sealed class AvailabilityRequirement
{
    public Guid LocationId { get; set; }

    public List<int> IsoDays { get; set; } = [];

    public TimeOnly Opens { get; set; }

    public TimeOnly Closes { get; set; }

    public List<AccessibilityFeature> Features { get; set; } = [];
}

/// <summary>The activities that must be offered and the competence every trainer on the contract must hold.</summary>
public sealed class ContentRequirement
{
    public List<ActivityType> ActivityTypes { get; set; } = [];

    public CertificationKind? TrainerCompetence { get; set; }
}
