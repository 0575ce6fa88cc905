namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// Ties a provider's own member reference (or a pseudonymous participant token we issued to the gym) to a participant,
/// so webhook events never need to carry a national id. Made when the provider accepts a prescription.
/// </summary>
public sealed class MemberLink
{
    public Guid ProviderId { get; set; }

    public string MemberRef { get; set; } = string.Empty;

    public Guid ParticipantId { get; set; }

    /// <summary>True for a token we generated (<c>apt_…</c>), false for the gym's own member number.</summary>
    public bool IsIssuedToken { get; set; }

    public DateTimeOffset LinkedAt { get; set; }
}
