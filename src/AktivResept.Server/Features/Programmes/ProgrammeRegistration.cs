using AktivResept.Domain.Programmes;

namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// A person registered once for a programme. Eligibility is judged again on every booking's date; the registration
/// keeps the basis it was made on and any booking pause the no-show rule set.
/// </summary>
public sealed class ProgrammeRegistration
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProgrammeId { get; set; }

    public Guid PersonId { get; set; }

    public ProgrammeEligibilityBasis Basis { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Who registered: "self" or the staff user who did it on the person's behalf.</summary>
    public string RegisteredBy { get; set; } = string.Empty;

    /// <summary>The last Oslo day booking is paused (the no-show rule), or null.</summary>
    public DateOnly? PausedUntil { get; set; }

    /// <summary>Where the person came from, when a completed prescription handed them over.</summary>
    public Guid? FromPrescriptionId { get; set; }
}
