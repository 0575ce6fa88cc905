namespace AktivResept.Domain.Matching;

/// <summary>
/// Ranks provider locations for a prescription: only those with a trainer qualified for the required competence
/// over the whole period, free capacity and every requested accessibility feature; nearest first.
/// </summary>
public static class Matcher
{
    public static IReadOnlyList<MatchCandidate> Rank(MatchRequest request, IEnumerable<LocationOffer> offers) =>
        offers
            .Where(o => request.RequiredCompetence is { } needed
                ? o.QualifiedCompetences.Contains(needed)
                : o.HasAnyQualifiedTrainer)
            .Where(o => o.FreeCapacity > 0)
            .Where(o => request.NeededFeatures.All(o.Features.Contains))
            .Select(o => new MatchCandidate(o, Math.Round(request.Origin.DistanceKmTo(o.Position), 2)))
            .Where(c => request.MaxDistanceKm is null || c.DistanceKm <= request.MaxDistanceKm)
            .OrderBy(c => c.DistanceKm)
            .ThenByDescending(c => c.Offer.FreeCapacity)
            .ThenBy(c => c.Offer.LocationId)
            .ToList();
}
