using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Tests.Trainers;

public class CertificateRegisterTests
{
    private const string Nih = "Norges idrettshøyskole";

    private static readonly RegisterEntry Entry = new(Guid.NewGuid(), Nih, CertificationKind.AktivInstruktor, "AI-2024-117", "Kari Nordmann",
        new DateOnly(2024, 6, 1), new DateOnly(2027, 5, 31));

    private static EnteredCertificate Entered(
        string issuer = Nih, CertificationKind kind = CertificationKind.AktivInstruktor, string number = "AI-2024-117", string holder = "Kari Nordmann",
        DateOnly? from = null, DateOnly? to = null) =>
        new(issuer, kind, number, holder, from ?? new DateOnly(2024, 6, 1), to ?? new DateOnly(2027, 5, 31));

    [Fact]
    public void The_same_certificate_typed_with_other_case_and_spacing_matches() =>
        CertificateRegister.Match(Entered(issuer: "norges  idrettshøyskole", number: " ai-2024-117", holder: "KARI   nordmann"), [Entry]).ShouldBe(Entry);

    [Fact]
    public void A_validity_inside_the_registers_matches() =>
        CertificateRegister.Match(Entered(from: new DateOnly(2025, 1, 1), to: new DateOnly(2026, 12, 31)), [Entry]).ShouldBe(Entry);

    [Theory]
    [InlineData("issuer")]
    [InlineData("kind")]
    [InlineData("number")]
    [InlineData("holder")]
    [InlineData("later end")]
    [InlineData("earlier start")]
    [InlineData("a is not å")]
    public void Anything_that_differs_from_the_register_does_not_match(string what)
    {
        var entered = what switch
        {
            "issuer" => Entered(issuer: "Norges Treningssenterforbund"),
            "kind" => Entered(kind: CertificationKind.PersonalTrainer),
            "number" => Entered(number: "AI-2024-118"),
            "holder" => Entered(holder: "Kari Nordkvinne"),
            "later end" => Entered(to: new DateOnly(2027, 6, 1)),
            "earlier start" => Entered(from: new DateOnly(2024, 5, 31)),
            _ => Entered(issuer: "Norges idrettshoyskole"),
        };

        CertificateRegister.Match(entered, [Entry]).ShouldBeNull();
    }

    [Fact]
    public void Only_unverified_means_some_certificates_and_none_checked()
    {
        var unverified = new Certification(CertificationKind.PersonalTrainer, "NTF", new DateOnly(2024, 1, 1), new DateOnly(2028, 1, 1), Unverified: true);
        var checkedOne = unverified with { Unverified = false };

        Certification.OnlyUnverified([unverified]).ShouldBeTrue();
        Certification.OnlyUnverified([unverified, checkedOne]).ShouldBeFalse();
        Certification.OnlyUnverified([]).ShouldBeFalse();
    }
}
