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

    public Certification ToDomain() => new(Kind, Issuer, ValidFrom, ValidTo);
}
