using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Tests.Trainers;

public class QualificationTests
{
    private static readonly DateOnly Start = new(2026, 3, 9);
    private static readonly DateOnly End = new(2026, 5, 31);

    private static Certification Of(CertificationKind kind, DateOnly from, DateOnly to) => new(kind, "NIH", from, to);

    [Fact]
    public void Without_certifications_nobody_qualifies()
    {
        Qualification.Qualifies([], null, Start, End).ShouldBeFalse();
        Qualification.Qualifies([], CertificationKind.AktivInstruktor, Start, End).ShouldBeFalse();
    }

    [Theory]
    [InlineData(CertificationKind.PersonalTrainer)]
    [InlineData(CertificationKind.HealthCoach)]
    [InlineData(CertificationKind.AktivInstruktor)]
    [InlineData(CertificationKind.GroupInstructor)]
    public void Without_a_required_competence_any_kind_covering_the_period_qualifies(CertificationKind kind)
    {
        Qualification.Qualifies([Of(kind, Start, End)], null, Start, End).ShouldBeTrue();
    }

    [Fact]
    public void A_required_competence_is_met_only_by_that_kind()
    {
        Certification[] others =
        [
            Of(CertificationKind.PersonalTrainer, Start, End),
            Of(CertificationKind.HealthCoach, Start, End),
            Of(CertificationKind.GroupInstructor, Start, End),
        ];

        Qualification.Qualifies(others, CertificationKind.AktivInstruktor, Start, End).ShouldBeFalse();
        Qualification.Qualifies([.. others, Of(CertificationKind.AktivInstruktor, Start, End)], CertificationKind.AktivInstruktor, Start, End).ShouldBeTrue();
    }

    [Fact]
    public void The_required_kind_must_itself_cover_the_period()
    {
        // The right kind for half the period and another kind for all of it does not add up to a qualification.
        Certification[] certifications =
        [
            Of(CertificationKind.AktivInstruktor, Start, Start.AddDays(30)),
            Of(CertificationKind.PersonalTrainer, Start.AddYears(-1), End.AddYears(1)),
        ];

        Qualification.Qualifies(certifications, CertificationKind.AktivInstruktor, Start, End).ShouldBeFalse();
    }

    [Fact]
    public void A_certification_expiring_one_day_before_the_end_does_not_qualify()
    {
        Qualification.Qualifies([Of(CertificationKind.AktivInstruktor, Start, End.AddDays(-1))], CertificationKind.AktivInstruktor, Start, End).ShouldBeFalse();
        Qualification.Qualifies([Of(CertificationKind.AktivInstruktor, Start, End)], CertificationKind.AktivInstruktor, Start, End).ShouldBeTrue();
    }
}
