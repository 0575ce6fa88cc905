namespace AktivResept.Domain.Trainers;

/// <summary>One row of an issuer's register of certificates it has awarded (e.g. Norges idrettshøyskole's Aktiv-instruktør list).</summary>
public sealed record RegisterEntry(Guid Id, string Issuer, CertificationKind Kind, string CertificateNumber, string HolderName, DateOnly ValidFrom, DateOnly ValidTo);

/// <summary>A certificate as a gym entered it for one of its trainers.</summary>
public sealed record EnteredCertificate(string Issuer, CertificationKind Kind, string CertificateNumber, string HolderName, DateOnly ValidFrom, DateOnly ValidTo);

/// <summary>
/// When an entered certificate is the register's: same issuer, kind and number, the holder's name the same (case and
/// spacing aside; å is not a), and the validity the gym entered inside what the register says — a gym may not extend
/// a certificate by typing a later end date.
/// </summary>
public static class CertificateRegister
{
    public static RegisterEntry? Match(EnteredCertificate entered, IEnumerable<RegisterEntry> register) =>
        register.Where(e => Same(e.Issuer, entered.Issuer) && e.Kind == entered.Kind && Same(e.CertificateNumber, entered.CertificateNumber) &&
                            Same(e.HolderName, entered.HolderName) && e.ValidFrom <= entered.ValidFrom && e.ValidTo >= entered.ValidTo)
            .OrderBy(e => e.ValidFrom)
            .FirstOrDefault();

    /// <summary>Names and numbers compared as people type them: case and runs of spaces do not matter.</summary>
    public static string Normalise(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Normalize(System.Text.NormalizationForm.FormC).ToUpperInvariant();

    private static bool Same(string a, string b) => string.Equals(Normalise(a), Normalise(b), StringComparison.Ordinal);
}
