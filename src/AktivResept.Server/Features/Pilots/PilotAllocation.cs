using AktivResept.Domain.Pilots;

namespace AktivResept.Server.Features.Pilots;

/// <summary>
/// A pilot's allocation design with its seed and the list drawn from it (<see cref="Allocations"/>). It may be replaced
/// until the first outcome of a participant exists (<see cref="IPilotOutcomes"/>); from then on it is frozen.
/// </summary>
public sealed class PilotAllocation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PilotId { get; set; }

    public AllocationDesign Design { get; set; }

    public long Seed { get; set; }

    /// <summary>The arms of a randomised design; empty for a stepped wedge.</summary>
    public List<string> Arms { get; set; } = [];

    /// <summary>Participant randomisation: the permuted block size.</summary>
    public int? BlockSize { get; set; }

    /// <summary>Stepped wedge: the first step's start and the months between steps.</summary>
    public DateOnly? FirstStart { get; set; }

    public int? StepMonths { get; set; }

    /// <summary>Participant randomisation: the arm of the n-th enrolment (index n − 1), drawn for the cohort target and extended by whole blocks.</summary>
    public List<string> ParticipantArms { get; set; } = [];

    /// <summary>Stepped wedge or cluster randomisation: each municipality's step, start or arm.</summary>
    public List<PilotMunicipalityAllocation> Municipalities { get; set; } = [];

    /// <summary>1 for the first design; raised each time it is replaced before any outcome exists.</summary>
    public int Revision { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;
}

public sealed class PilotMunicipalityAllocation
{
    public Guid PayerId { get; set; }

    public string Kommunenummer { get; set; } = string.Empty;

    public int Step { get; set; }

    public string? Arm { get; set; }

    public DateOnly? Start { get; set; }
}
