using AktivResept.Domain.Matching;
using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Tests.Matching;

internal static class AnOffer
{
    public static readonly GeoPoint Origin = new(59.9139, 10.7522);

    /// <summary>An offer about <paramref name="kmNorth"/> km due north of <see cref="Origin"/>.</summary>
    public static LocationOffer At(
        double kmNorth,
        int capacity = 10,
        int open = 0,
        CertificationKind[]? competences = null,
        AccessibilityFeature[]? features = null,
        bool? anyTrainer = null,
        Guid? location = null)
    {
        var kinds = competences ?? [CertificationKind.PersonalTrainer];
        return new LocationOffer(
            Guid.NewGuid(),
            location ?? Guid.NewGuid(),
            new GeoPoint(Origin.Latitude + (kmNorth / 111.195), Origin.Longitude),
            (features ?? []).ToHashSet(),
            capacity,
            open,
            kinds.ToHashSet(),
            anyTrainer ?? kinds.Length > 0);
    }

    public static MatchRequest Request(
        CertificationKind? competence = null,
        AccessibilityFeature[]? needs = null,
        double? maxKm = null) =>
        new(Origin, competence, (needs ?? []).ToHashSet(), maxKm);
}
