using AktivResept.Domain.Matching;

namespace AktivResept.Server.Features.Providers;

/// <summary>A place where a provider delivers training.</summary>
public sealed class Location : Data.IHasLastUpdated
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProviderId { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Address { get; set; } = string.Empty;

    public string Kommunenummer { get; set; } = string.Empty;

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    /// <summary>Human-readable opening hours, e.g. "Mo-Fr 06:00-22:00; Sa-Su 08:00-18:00".</summary>
    public string OpeningHours { get; set; } = string.Empty;

    public List<AccessibilityFeature> AccessibilityFeatures { get; set; } = [];

    /// <summary>How many open prescriptions the location commits to take at once.</summary>
    public int Capacity { get; set; }

    /// <summary>When this row was last saved (set in SaveChanges, see LastUpdatedStamping).</summary>
    public DateTimeOffset LastUpdated { get; set; }
}
