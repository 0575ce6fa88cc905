using AktivResept.Domain.Pilots;

namespace AktivResept.Server.Features.Pilots;

/// <summary>
/// A pilot (prøveordning): named municipalities on their concession contracts, a cohort target, an enrolment window and
/// the follow-up schedule. The co-financing is not stored here: it is the share of the named contracts' versions in
/// force (<see cref="PilotCoFinancing"/>), one definition with claims. The lead municipality's coordinator manages it.
/// </summary>
public sealed class Pilot
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = string.Empty;

    /// <summary>The lead municipality (a municipality payer) whose coordinator set the pilot up and may change it.</summary>
    public Guid OwnerPayerId { get; set; }

    public int CohortTarget { get; set; }

    /// <summary>First and last (inclusive) Oslo day a participant may enrol.</summary>
    public DateOnly EnrolmentFrom { get; set; }

    public DateOnly EnrolmentTo { get; set; }

    /// <summary>Months after enrolment when participants are measured (<see cref="FollowUpSchedule"/>); read by the outcomes work.</summary>
    public List<int> FollowUpMonths { get; set; } = [];

    /// <summary>The version of the consent text participants sign; an enrolment's consent must name it.</summary>
    public string ConsentTextVersion { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>Raised by every change to the pilot or its allocation, checked on save.</summary>
    public int ConcurrencyStamp { get; set; }

    public List<PilotMunicipality> Municipalities { get; set; } = [];

    /// <summary>Roles (role + organisation number) named on the pilot: they see the cross-municipality view.</summary>
    public List<PilotViewer> Viewers { get; set; } = [];

    public FollowUpSchedule Schedule => new(FollowUpMonths);

    public bool WindowCovers(DateOnly day) => EnrolmentFrom <= day && day <= EnrolmentTo;
}

/// <summary>A municipality in a pilot with the contracts it runs it on and, optionally, its own enrolment target.</summary>
public sealed class PilotMunicipality
{
    public Guid PayerId { get; set; }

    public string Kommunenummer { get; set; } = string.Empty;

    public int? Target { get; set; }

    public List<Guid> ContractIds { get; set; } = [];
}

/// <summary>A role named on the pilot: callers with this role and organisation number see every municipality's figures.</summary>
public sealed class PilotViewer
{
    public string Role { get; set; } = string.Empty;

    public string OrganisationNumber { get; set; } = string.Empty;
}
