using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Matching;

public sealed record MatchRequest(GeoPoint Origin, CertificationKind? RequiredCompetence, IReadOnlySet<AccessibilityFeature> NeededFeatures, double? MaxDistanceKm);
