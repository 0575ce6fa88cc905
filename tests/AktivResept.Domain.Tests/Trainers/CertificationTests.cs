using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Tests.Trainers;

public class CertificationTests
{
    private static readonly DateOnly Start = new(2026, 3, 9);
    private static readonly DateOnly End = new(2026, 5, 31);

    private static Certification Valid(DateOnly from, DateOnly to) => new(CertificationKind.PersonalTrainer, "NIH", from, to);

    [Fact]
    public void A_certification_is_valid_on_its_first_and_last_day_only()
    {
        var certification = Valid(Start, End);

        certification.IsValidOn(Start.AddDays(-1)).ShouldBeFalse();
        certification.IsValidOn(Start).ShouldBeTrue();
        certification.IsValidOn(End).ShouldBeTrue();
        certification.IsValidOn(End.AddDays(1)).ShouldBeFalse();
    }

    [Fact]
    public void A_certification_valid_for_exactly_the_period_covers_it()
    {
        Valid(Start, End).CoversPeriod(Start, End).ShouldBeTrue();
    }

    [Fact]
    public void A_certification_expiring_one_day_before_the_end_does_not_cover_the_period()
    {
        Valid(Start.AddYears(-1), End.AddDays(-1)).CoversPeriod(Start, End).ShouldBeFalse();
    }

    [Fact]
    public void A_certification_starting_one_day_after_the_start_does_not_cover_the_period()
    {
        Valid(Start.AddDays(1), End.AddYears(1)).CoversPeriod(Start, End).ShouldBeFalse();
    }

    [Fact]
    public void A_certification_inside_the_period_does_not_cover_it()
    {
        Valid(Start.AddDays(7), End.AddDays(-7)).CoversPeriod(Start, End).ShouldBeFalse();
    }
}
