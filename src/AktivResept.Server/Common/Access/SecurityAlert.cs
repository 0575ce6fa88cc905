namespace AktivResept.Server.Common.Access;

/// <summary>
/// Something a security officer (sikkerhetsansvarlig) should look at: today, one user looking up unusually many people
/// by national id within a window. Raised once per user per window; holds no national id, only the actor.
/// </summary>
public sealed class SecurityAlert
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>What was unusual: <see cref="LookupVolume"/>.</summary>
    public string Kind { get; set; } = LookupVolume;

    public string Actor { get; set; } = string.Empty;

    public string? ActorName { get; set; }

    public string? ActorHpr { get; set; }

    public string? Organisation { get; set; }

    /// <summary>How many look-ups the actor had made in the window when the alert was raised.</summary>
    public int Count { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    /// <summary>When the security officer closed the alert (looked into it); null while it is open.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The officer who closed it (subject) and their name as the session gave it.</summary>
    public string? ClosedBy { get; set; }

    public string? ClosedByName { get; set; }

    /// <summary>What the officer found or did; required to close. Holds no national id by intent, like the alert.</summary>
    public string? ClosingNote { get; set; }

    public const int NoteMaxLength = 1000;

    public const string LookupVolume = "lookup-volume";
}
