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

/// <summary>
/// A minimal consent record (who, for what purpose, which version of the text, when, and its withdrawal), kept until
/// the consent model of the security and privacy work absorbs it: it holds nothing that model would not.
/// </summary>
public sealed class ConsentRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PersonId { get; set; }

    /// <summary>What the consent is for, as a stable code: <c>pilot:{pilot id}</c>.</summary>
    public string Purpose { get; set; } = string.Empty;

    public string TextVersion { get; set; } = string.Empty;

    /// <summary>When the participant gave it (as the coordinator recorded it).</summary>
    public DateTimeOffset GivenAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public string RecordedBy { get; set; } = string.Empty;

    public DateTimeOffset? WithdrawnAt { get; set; }

    public string? WithdrawnBy { get; set; }

    public static string PilotPurpose(Guid pilotId) => $"pilot:{pilotId}";
}
