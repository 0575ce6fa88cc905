using AktivResept.Domain.Matching;
using AktivResept.Domain.Trainers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Matching;

public sealed record MatchingCase(MatchRequest Request, LocationOffer[] Offers);

public static class MatchingGenerators
{
    public static Arbitrary<MatchingCase> Cases()
    {
        var origin = new GeoPoint(59.9139, 10.7522);
        var features = Gen.SubListOf(Enum.GetValues<AccessibilityFeature>()).Select(l => (IReadOnlySet<AccessibilityFeature>)l.ToHashSet());
        var competences = Gen.SubListOf(Enum.GetValues<CertificationKind>()).Select(l => (IReadOnlySet<CertificationKind>)l.ToHashSet());

        // A few shared positions make equal distances (and so the tie-breakers) common.
        var sharedPositions = new[] { new GeoPoint(59.95, 10.75), new GeoPoint(59.87, 10.80), origin };
        var position = Gen.Frequency(
            (3, from dLat in Gen.Choose(-3000, 3000) from dLon in Gen.Choose(-5000, 5000) select new GeoPoint(origin.Latitude + (dLat / 10_000.0), origin.Longitude + (dLon / 10_000.0))),
            (1, Gen.Elements(sharedPositions)));

        var offer =
            from at in position
            from offered in features
            from capacity in Gen.Choose(0, 6)
            from open in Gen.Choose(0, 4)
            from kinds in competences
            from anyTrainer in Gen.Frequency((4, Gen.Constant(kinds.Count > 0)), (1, Gen.Elements(true, false)))
            from locationId in Gen.Frequency((4, Gen.Fresh(Guid.NewGuid)), (1, Gen.Elements(Guid.Empty, Guid.AllBitsSet)))
            select new LocationOffer(Guid.NewGuid(), locationId, at, offered, capacity, open, kinds, anyTrainer);

        var request =
            from needed in Gen.Frequency(
                (2, Gen.Constant(new HashSet<AccessibilityFeature>())),
                (1, Gen.SubListOf(Enum.GetValues<AccessibilityFeature>()).Select(l => l.Take(2).ToHashSet())))
            from competence in Gen.Elements<CertificationKind?>([null, .. Enum.GetValues<CertificationKind>().Cast<CertificationKind?>()])
            from maxKm in Gen.Elements<double?>(null, 0, 5, 12.5, 30)
            select new MatchRequest(origin, competence, needed, maxKm);

        return (from r in request
                from offers in offer.ArrayOf()
                select new MatchingCase(r, offers))
            .ToArbitrary();
    }
}

[Properties(Arbitrary = [typeof(MatchingGenerators)], MaxTest = 500)]
public class MatcherProperties
{
    /// <summary>The filters restated: the distance compared to the maximum is the one shown, rounded to 10 m.</summary>
    private static bool SatisfiesAll(MatchRequest request, LocationOffer offer) =>
        (request.RequiredCompetence is { } needed ? offer.QualifiedCompetences.Contains(needed) : offer.HasAnyQualifiedTrainer) &&
        offer.Capacity - offer.OpenPrescriptions > 0 &&
        request.NeededFeatures.IsSubsetOf(offer.Features) &&
        (request.MaxDistanceKm is not { } max || Math.Round(request.Origin.DistanceKmTo(offer.Position), 2) <= max);

    [Property]
    public void Every_candidate_satisfies_every_filter_and_none_that_does_is_dropped(MatchingCase @case)
    {
        var ranked = Matcher.Rank(@case.Request, @case.Offers);

        ranked.ShouldAllBe(c => SatisfiesAll(@case.Request, c.Offer));
        ranked.Select(c => c.Offer).ShouldBe(@case.Offers.Where(o => SatisfiesAll(@case.Request, o)), ignoreOrder: true);
    }

    [Property]
    public void Candidates_are_sorted_by_distance_then_free_capacity_then_location(MatchingCase @case)
    {
        var ranked = Matcher.Rank(@case.Request, @case.Offers);

        foreach (var candidate in ranked)
        {
            candidate.DistanceKm.ShouldBe(Math.Round(@case.Request.Origin.DistanceKmTo(candidate.Offer.Position), 2));
        }

        for (var i = 1; i < ranked.Count; i++)
        {
            var (a, b) = (ranked[i - 1], ranked[i]);
            var inOrder =
                a.DistanceKm < b.DistanceKm ||
                (a.DistanceKm == b.DistanceKm && a.Offer.FreeCapacity > b.Offer.FreeCapacity) ||
                (a.DistanceKm == b.DistanceKm && a.Offer.FreeCapacity == b.Offer.FreeCapacity && a.Offer.LocationId.CompareTo(b.Offer.LocationId) <= 0);
            inOrder.ShouldBeTrue($"{a} before {b}");
        }
    }
}
