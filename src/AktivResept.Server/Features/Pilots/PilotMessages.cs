using AktivResept.Domain.Pilots;
using AktivResept.Server.Features.Consents;

namespace AktivResept.Server.Features.Pilots;

/// <summary>A new pilot. The caller's municipality leads it; the co-financing comes from the named contracts.</summary>
public sealed record CreatePilotRequest(
    string? Name,
    int? CohortTarget,
    DateOnly? EnrolmentFrom,
    DateOnly? EnrolmentTo,
    IReadOnlyList<int>? FollowUpMonths,
    string? ConsentTextVersion,
    IReadOnlyList<PilotMunicipalityInput>? Municipalities,
    IReadOnlyList<PilotViewerInput>? Viewers);

/// <summary>A municipality (its payer id) with its own target and the contracts it runs the pilot on (default: all its active ones).</summary>
public sealed record PilotMunicipalityInput(Guid? MunicipalityId, int? Target, IReadOnlyList<Guid>? ContractIds);

/// <summary>A role (municipality, payer or researcher) and organisation number that sees every municipality's figures.</summary>
public sealed record PilotViewerInput(string? Role, string? OrganisationNumber);

public sealed record SetAllocationRequest(AllocationDesign? Design, long? Seed, IReadOnlyList<string>? Arms, int? BlockSize, DateOnly? FirstStart, int? StepMonths);

public sealed record EnrolRequest(string? NationalId, ConsentInput? Consent);

/// <summary>The participant's consent as the coordinator records it: given, to which text version, and when (default now).</summary>
public sealed record ConsentInput(bool? Given, string? TextVersion, DateTimeOffset? GivenAt);

public sealed record PilotSummary(Guid Id, string Name, string LeadMunicipality, int CohortTarget, DateOnly EnrolmentFrom, DateOnly EnrolmentTo, int Municipalities, PilotView View);

public sealed record PilotDetail(
    Guid Id, string Name, Guid LeadMunicipalityId, string LeadMunicipality, int CohortTarget, DateOnly EnrolmentFrom, DateOnly EnrolmentTo,
    IReadOnlyList<int> FollowUpMonths, string ConsentTextVersion, PilotView View, bool CanManage, bool CanEnrol,
    IReadOnlyList<decimal> CoFinancingShares, IReadOnlyList<PilotMunicipalityView> Municipalities, IReadOnlyList<PilotViewerView> Viewers,
    AllocationDesign? AllocationDesign, DateTimeOffset CreatedAt, string CreatedBy);

public sealed record PilotMunicipalityView(Guid MunicipalityId, string Name, string Kommunenummer, int? Target, IReadOnlyList<PilotContractView> Contracts);

/// <summary>A contract the pilot runs on; the co-financing share is its version in force today, null if none is.</summary>
public sealed record PilotContractView(Guid ContractId, string Name, string Provider, string Status, decimal? CoFinancingShare);

public sealed record PilotViewerView(string Role, string OrganisationNumber);

/// <summary>A municipality payer a pilot can name, with how many active contracts it has today.</summary>
public sealed record PilotMunicipalityCandidate(Guid MunicipalityId, string Name, string? Kommunenummer, int ActiveContracts);

/// <summary>
/// The allocation: design, seed and the drawn list. For a coordinator who sees only their municipality the seed and
/// the participant list are withheld (allocation concealment), and <see cref="Reproducible"/> is null.
/// </summary>
public sealed record AllocationView(
    AllocationDesign Design, long? Seed, IReadOnlyList<string> Arms, int? BlockSize, DateOnly? FirstStart, int? StepMonths, int Revision,
    DateTimeOffset CreatedAt, string CreatedBy, bool Frozen, bool? Reproducible,
    IReadOnlyList<MunicipalityAllocationView> Municipalities, IReadOnlyList<string>? ParticipantArms);

public sealed record MunicipalityAllocationView(Guid MunicipalityId, string Name, string Kommunenummer, int Step, string? Arm, DateOnly? Start);

public sealed record PilotProgressView(Guid PilotId, int CohortTarget, PilotView View, DateOnly AsOf, ProgressSeriesView? Total, IReadOnlyList<ProgressSeriesView> Municipalities);

public sealed record ProgressSeriesView(Guid? MunicipalityId, string Name, int? Target, int Enrolled, int Withdrawn, decimal? ShareOfTarget, IReadOnlyList<MonthCountView> Months);

public sealed record MonthCountView(string Month, int Enrolled, int Cumulative);

public sealed record EnrolmentView(
    Guid Id, Guid PilotId, Guid PersonId, string Name, Guid MunicipalityId, int Sequence, DateOnly EnrolledOn, DateTimeOffset EnrolledAt,
    string? Arm, DateOnly? Start, ConsentView Consent, DateTimeOffset? WithdrawnAt);

public sealed record ConsentView(Guid Id, string Purpose, string TextVersion, DateTimeOffset GivenAt, DateTimeOffset RecordedAt, string RecordedBy, DateTimeOffset? WithdrawnAt, ConsentRecordedByKind RecordedByKind);
