namespace AktivResept.Server.Features.Providers;

/// <summary>
/// A position a trainer holds at an organisation (a gym or a municipality) for a period and a share of a full-time
/// position: a shared position («delt stilling») is several of them. The person acts in one at a time, and what they
/// may see follows the position they act in (<see cref="Common.Access.CallerRelationships"/>).
/// </summary>
public sealed class TrainerRole : Data.IHasLastUpdated
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TrainerId { get; set; }

    public string OrganisationNumber { get; set; } = string.Empty;

    public string OrganisationName { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    /// <summary>Whether the organisation is a gym (the person acts as a trainer) or a municipality (as its staff).</summary>
    public PositionKind Kind { get; set; } = PositionKind.Gym;

    /// <summary>The share of a full-time position, more than 0 and at most 1 (0.4 = 40 %).</summary>
    public decimal Share { get; set; } = 1m;

    /// <summary>The first Oslo day of the position; <see cref="DateOnly.MinValue"/> when it was registered without one.</summary>
    public DateOnly ValidFrom { get; set; } = DateOnly.MinValue;

    /// <summary>The last Oslo day, or null while the position lasts.</summary>
    public DateOnly? ValidTo { get; set; }

    public bool IsActiveOn(DateOnly day) => ValidFrom <= day && (ValidTo is null || ValidTo >= day);

    /// <summary>When this row was last saved (set in SaveChanges, see LastUpdatedStamping).</summary>
    public DateTimeOffset LastUpdated { get; set; }
}

public enum PositionKind
{
    Gym,
    Municipality,
}
