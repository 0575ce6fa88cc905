using AktivResept.Domain.Trainers;

namespace AktivResept.Server.Features.Providers;

/// <summary>A row of the built-in certificate register: an issuer's list of awarded certificates, imported as it publishes it.</summary>
public sealed class CertificationRegisterEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Issuer { get; set; } = string.Empty;

    public CertificationKind Kind { get; set; }

    public string CertificateNumber { get; set; } = string.Empty;

    public string HolderName { get; set; } = string.Empty;

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }

    /// <summary>The file (or seed) the row came from.</summary>
    public string Source { get; set; } = string.Empty;

    public RegisterEntry ToDomain() => new(Id, Issuer, Kind, CertificateNumber, HolderName, ValidFrom, ValidTo);
}
