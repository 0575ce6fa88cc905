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

    public const string LookupVolume = "lookup-volume";
}
