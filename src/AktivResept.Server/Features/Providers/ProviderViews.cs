using AktivResept.Domain.Matching;
using AktivResept.Domain.Trainers;

namespace AktivResept.Server.Features.Providers;

public sealed record ProviderView(Guid Id, string OrganisationNumber, string Name, IReadOnlyList<LocationView> Locations);

public sealed record LocationView(
    Guid Id,
    string Name,
    string Address,
    string Kommunenummer,
    double Latitude,
    double Longitude,
    string OpeningHours,
    IReadOnlyList<AccessibilityFeature> AccessibilityFeatures,
    int Capacity)
{
    public static LocationView From(Location l) =>
        new(l.Id, l.Name, l.Address, l.Kommunenummer, l.Latitude, l.Longitude, l.OpeningHours, l.AccessibilityFeatures, l.Capacity);
}

/// <summary>A trainer and their certifications, as offered when a prescription is accepted.</summary>
public sealed record TrainerOption(Guid Id, string Name, IReadOnlyList<CertificationView> Certifications);

public sealed record CertificationView(CertificationKind Kind, string Issuer, DateOnly ValidFrom, DateOnly ValidTo);
