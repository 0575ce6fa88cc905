namespace AktivResept.Server.Features.Providers;

/// <summary>A gym (treningssenter) organisation with one or more locations.</summary>
public sealed class Provider : Data.IHasLastUpdated
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string OrganisationNumber { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>The Norwegian account (11 digits) claims are paid to; no payment is exported without it.</summary>
    public string? AccountNumber { get; set; }

    public List<Location> Locations { get; set; } = [];

    /// <summary>When this row was last saved (set in SaveChanges, see LastUpdatedStamping).</summary>
    public DateTimeOffset LastUpdated { get; set; }
}
