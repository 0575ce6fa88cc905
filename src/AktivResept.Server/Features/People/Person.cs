using AktivResept.Domain.Matching;

namespace AktivResept.Server.Features.People;

/// <summary>A participant. The national id is held only encrypted, and found through its keyed hash.</summary>
public sealed class Person : Data.IHasLastUpdated
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public byte[] NationalIdCipher { get; set; } = [];

    public string NationalIdHash { get; set; } = string.Empty;

    public string GivenName { get; set; } = string.Empty;

    public string FamilyName { get; set; } = string.Empty;

    public DateOnly BirthDate { get; set; }

    public string Kommunenummer { get; set; } = string.Empty;

    /// <summary>The home address point, when known; matching falls back to the municipality centre.</summary>
    public double? AddressLatitude { get; set; }

    public double? AddressLongitude { get; set; }

    public List<AccessibilityFeature> AccessibilityNeeds { get; set; } = [];

    public string FullName => $"{GivenName} {FamilyName}";

    /// <summary>When this row was last saved (set in SaveChanges, see LastUpdatedStamping).</summary>
    public DateTimeOffset LastUpdated { get; set; }
}
