using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Matching;

/// <summary>What a provider location offers for matching, with capacity already counted.</summary>
public sealed record LocationOffer(
    Guid ProviderId,
    Guid LocationId,
    GeoPoint Position,
    IReadOnlySet<AccessibilityFeature> Features,
    int Capacity,
    int OpenPrescriptions,
    IReadOnlySet<CertificationKind> QualifiedCompetences,
    bool HasAnyQualifiedTrainer)
{
    public int FreeCapacity => Math.Max(0, Capacity - OpenPrescriptions);
}
