namespace AktivResept.Domain.Matching;

public sealed record MatchCandidate(LocationOffer Offer, double DistanceKm);
