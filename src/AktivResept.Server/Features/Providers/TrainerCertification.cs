using AktivResept.Domain.Trainers;

namespace AktivResept.Server.Features.Providers;

public sealed class TrainerCertification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TrainerId { get; set; }

    public CertificationKind Kind { get; set; }

    public string Issuer { get; set; } = string.Empty;

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }

    /// <summary>The issuer's number for the certificate, as the gym entered it; what the register is searched by.</summary>
    public string? CertificateNumber { get; set; }

    /// <summary>Entered by the gym's admin (rather than loaded from a trusted source): unverified until a register confirms it.</summary>
    public bool EnteredByProvider { get; set; }

    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>The <see cref="CertificationRegisterEntry"/> the certificate was matched against.</summary>
    public Guid? RegisterEntryId { get; set; }

    public bool IsUnverified => EnteredByProvider && VerifiedAt is null;

    public Certification ToDomain() => new(Kind, Issuer, ValidFrom, ValidTo, IsUnverified);
}
