using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Programmes;

namespace AktivResept.Domain.Tests.Programmes;

public class ProgrammeEligibilityTests
{
    private static readonly DateOnly Born = new(1970, 5, 15);
    private static readonly BenefitPeriod Aap = new(BenefitKind.WorkAssessmentAllowance, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 10));

    [Fact]
    public void An_active_benefit_on_the_day_is_the_basis()
    {
        var result = ProgrammeEligibility.Evaluate(Born, new DateOnly(2026, 12, 10), [Aap], referralValidOnDay: false);

        result.Eligible.ShouldBeTrue();
        result.Basis.ShouldBe(ProgrammeEligibilityBasis.Benefit);
        result.Benefit.ShouldBe(BenefitKind.WorkAssessmentAllowance);
    }

    [Fact]
    public void The_day_after_the_benefit_ends_is_refused_with_the_date()
    {
        var result = ProgrammeEligibility.Evaluate(Born, new DateOnly(2026, 12, 11), [Aap], referralValidOnDay: false);

        result.Eligible.ShouldBeFalse();
        result.Reason!.Definition.ShouldBe(ErrorCodes.ProgrammeNoBenefitOrReferral);
    }

    [Fact]
    public void A_programme_referral_lets_a_person_without_a_benefit_in()
    {
        var result = ProgrammeEligibility.Evaluate(Born, new DateOnly(2026, 12, 11), [Aap], referralValidOnDay: true);

        result.Eligible.ShouldBeTrue();
        result.Basis.ShouldBe(ProgrammeEligibilityBasis.Referral);
    }

    [Fact]
    public void Age_counts_on_the_session_date_from_the_18th_birthday_through_the_day_before_the_68th()
    {
        var born = new DateOnly(2000, 3, 10);
        var open = new BenefitPeriod(BenefitKind.SocialAssistance, new DateOnly(2010, 1, 1), null);

        ProgrammeEligibility.Evaluate(born, new DateOnly(2018, 3, 9), [open], true).Reason!.Definition.ShouldBe(ErrorCodes.ProgrammeTooYoung);
        ProgrammeEligibility.Evaluate(born, new DateOnly(2018, 3, 10), [open], true).Eligible.ShouldBeTrue();
        ProgrammeEligibility.Evaluate(born, new DateOnly(2067, 3, 10), [open], true).Eligible.ShouldBeTrue();
        ProgrammeEligibility.Evaluate(born, new DateOnly(2068, 3, 9), [open], true).Eligible.ShouldBeTrue();
        ProgrammeEligibility.Evaluate(born, new DateOnly(2068, 3, 10), [open], true).Reason!.Definition.ShouldBe(ErrorCodes.ProgrammeTooOld);
    }

    [Fact]
    public void A_leap_day_birthday_is_reached_on_the_first_of_March_in_other_years()
    {
        var born = new DateOnly(2008, 2, 29);

        ProgrammeEligibility.AgeOn(born, new DateOnly(2026, 2, 28)).ShouldBe(17);
        ProgrammeEligibility.AgeOn(born, new DateOnly(2026, 3, 1)).ShouldBe(18);
        ProgrammeEligibility.AgeOn(born, new DateOnly(2028, 2, 29)).ShouldBe(20);
    }
}
