using AktivResept.Domain.Trainers;
using AktivResept.Server.Features.Providers;

namespace AktivResept.Server.Features.Demo;

/// <summary>
/// The demo's copy of an issuer's register (the built-in <see cref="ICertificationRegister"/>): Norges idrettshøyskole's
/// list of Aktiv-instruktører, as if imported with <c>import-certifications</c>. Tor Bjørnstad (Sterk Hverdag) is on it
/// but his gym has not entered the certificate yet: entering «NIH-AI-2025-0142» for him shows it verified at once.
/// </summary>
public static class DemoCertificateRegister
{
    public const string Issuer = "Norges idrettshøyskole";

    public static IEnumerable<CertificationRegisterEntry> Rows(DateOnly today) =>
    [
        Row("NIH-AI-2024-0031", "Per Aktiv", today.AddYears(-1), today.AddYears(2)),
        Row("NIH-AI-2025-0142", "Tor Bjørnstad", today.AddMonths(-3), today.AddYears(3)),
        Row("NIH-AI-2024-0077", "Ingrid Vik", today.AddMonths(-6), today.AddYears(2)),
    ];

    private static CertificationRegisterEntry Row(string number, string holder, DateOnly from, DateOnly to) => new()
    {
        Issuer = Issuer,
        Kind = CertificationKind.AktivInstruktor,
        CertificateNumber = number,
        HolderName = holder,
        ValidFrom = from,
        ValidTo = to,
        Source = "demo: nih-aktiv-instruktor.csv",
    };
}
