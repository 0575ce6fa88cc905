using AktivResept.Domain.Pilots;
using AktivResept.Server.Features.Payers;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>
/// A scope the caller may see, resolved to what selects its prescriptions: the municipality's kommunenummer, the
/// contract's payer and provider, the pilot (with the one municipality a coordinator of a non-lead pilot municipality is
/// limited to, as <c>PilotAccess</c> rules), or the whole programme. Built only by <see cref="HealthAccountAccess"/>.
/// </summary>
public sealed record AccountTarget(AccountScopeKind Kind, string Key, string Name)
{
    public string? Kommunenummer { get; init; }

    public Payer? ContractPayer { get; init; }

    public Guid? ProviderId { get; init; }

    public Guid? PilotId { get; init; }

    /// <summary>Pilot scope seen as one municipality's part only: the enrolments under this municipality payer.</summary>
    public Guid? PilotMunicipalityPayerId { get; init; }

    /// <summary>Whether the caller may enter and delete the scope's non-claim costs (coordinators and payers, not researchers).</summary>
    public bool MayEditCosts { get; init; }
}

/// <summary>A pilot's allocation as the loader reads arms from it.</summary>
internal sealed record PilotArms(AllocationDesign Design, IReadOnlyList<string> ParticipantArms, IReadOnlyDictionary<Guid, (int Step, string? Arm)> Municipalities)
{
    /// <summary>
    /// The arm of an enrolment: its place in the participant list, its municipality's cluster arm, or its municipality's
    /// stepped-wedge step ("step 1", "step 2", ...).
    /// </summary>
    public string? Of(Guid enrolmentPayerId, int sequence) => Design switch
    {
        AllocationDesign.RandomisedParticipants => sequence >= 1 && sequence <= ParticipantArms.Count ? ParticipantArms[sequence - 1] : null,
        AllocationDesign.RandomisedMunicipalities => Municipalities.TryGetValue(enrolmentPayerId, out var m) ? m.Arm : null,
        _ => Municipalities.TryGetValue(enrolmentPayerId, out var s) ? $"step {s.Step}" : null,
    };
}
