namespace AktivResept.Server.Features.Pilots;

/// <summary>
/// A participant enrolled in a pilot under one of its municipalities, with the consent that allowed it. The sequence
/// number (1, 2, ... in order of enrolment) is the place in a participant allocation list.
/// </summary>
public sealed class PilotEnrolment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PilotId { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>The municipality (payer) the participant was enrolled under: the coordinator's, where they live.</summary>
    public Guid PayerId { get; set; }

    public int Sequence { get; set; }

    /// <summary>The Oslo day of enrolment, which progress counts by.</summary>
    public DateOnly EnrolledOn { get; set; }

    public DateTimeOffset EnrolledAt { get; set; }

    public string EnrolledBy { get; set; } = string.Empty;

    public Guid ConsentId { get; set; }

    /// <summary>When consent was withdrawn; the enrolment still counts as made, and no further data is collected.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
}
