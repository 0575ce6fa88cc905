using AktivResept.Domain.Matching;
using AktivResept.Domain.Trainers;

namespace AktivResept.Server.Features.Providers.Management;

public sealed record AddCertificationRequest(string? Kind, string? Issuer, string? CertificateNumber, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record UpdateLocationRequest(string? OpeningHours, int? Capacity, IReadOnlyList<string>? AccessibilityFeatures);

/// <summary>Whether a certificate has been checked: a gym's entry stays <see cref="Unverified"/> until an issuer's register confirms it.</summary>
public enum CertificateStatus
{
    /// <summary>Loaded from a trusted source (not entered by the gym).</summary>
    Registered,
    Unverified,
    Verified,
}

public sealed record GymCertificate(
    Guid Id,
    Guid TrainerId,
    string TrainerName,
    CertificationKind Kind,
    string Issuer,
    string? CertificateNumber,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    CertificateStatus Status,
    DateTimeOffset? VerifiedAt,
    Guid? RegisterEntryId)
{
    public static GymCertificate Of(TrainerCertification c, string trainerName) =>
        new(c.Id, c.TrainerId, trainerName, c.Kind, c.Issuer, c.CertificateNumber, c.ValidFrom, c.ValidTo,
            !c.EnteredByProvider ? CertificateStatus.Registered : c.VerifiedAt is null ? CertificateStatus.Unverified : CertificateStatus.Verified,
            c.VerifiedAt, c.RegisterEntryId);
}

/// <summary>
/// A trainer with a current or coming position at the gym, and every certificate they hold. <see cref="PositionId"/> is
/// that position (ended through <c>POST /api/positions/{id}/end</c>), <see cref="PositionEnds"/> its last day if set.
/// </summary>
public sealed record GymTrainer(Guid Id, string Name, string Title, IReadOnlyList<GymCertificate> Certifications, Guid PositionId, DateOnly? PositionEnds);

/// <summary>Certificates of the gym's trainers whose last valid day falls within <see cref="Days"/> days of <see cref="Today"/>.</summary>
public sealed record ExpiringCertificates(DateOnly Today, int Days, IReadOnlyList<GymCertificate> Certificates);

public sealed record GymAccount(string? AccountNumber, string? Formatted, string? Iban);

public sealed record GymLocation(Guid Id, string Name, string Address, string OpeningHours, int Capacity, IReadOnlyList<AccessibilityFeature> AccessibilityFeatures)
{
    public static GymLocation Of(Location l) => new(l.Id, l.Name, l.Address, l.OpeningHours, l.Capacity, [.. l.AccessibilityFeatures.Order()]);
}
