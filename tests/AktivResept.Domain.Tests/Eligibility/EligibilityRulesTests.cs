using AktivResept.Domain.Eligibility;

namespace AktivResept.Domain.Tests.Eligibility;

public class EligibilityRulesTests
{
    private static readonly DateOnly Start = new(2026, 3, 9);
    private static readonly DateOnly End = Start.AddDays((12 * 7) - 1);

    private static BenefitPeriod Period(BenefitKind kind, DateOnly from, DateOnly? to) => new(kind, from, to);

    [Fact]
    public void Without_any_benefit_the_person_is_not_eligible()
    {
        var result = EligibilityRules.Evaluate([], Start, End);

        result.IsEligible.ShouldBeFalse();
        result.Benefit.ShouldBeNull();
        result.CoveredUntil.ShouldBeNull();
        result.CoversWholePeriod.ShouldBeFalse();
        result.Reason!.Code.ShouldBe("eligibility.no-active-benefit");
        result.Reason.Args["date"].ShouldBe(new DateOnly(2026, 3, 9));
    }

    [Fact]
    public void A_benefit_that_ended_the_day_before_the_start_does_not_make_the_person_eligible()
    {
        var result = EligibilityRules.Evaluate([Period(BenefitKind.SicknessBenefit, Start.AddDays(-200), Start.AddDays(-1))], Start, End);

        result.IsEligible.ShouldBeFalse();
    }

    [Fact]
    public void A_benefit_that_starts_after_the_start_date_does_not_make_the_person_eligible()
    {
        var result = EligibilityRules.Evaluate(
            [
                Period(BenefitKind.UnemploymentBenefit, Start.AddDays(1), null),
                Period(BenefitKind.SocialAssistance, Start.AddDays(10), End.AddDays(100)),
            ],
            Start,
            End);

        result.IsEligible.ShouldBeFalse();
    }

    [Fact]
    public void A_benefit_starting_or_ending_on_the_start_date_counts()
    {
        EligibilityRules.Evaluate([Period(BenefitKind.UnemploymentBenefit, Start, null)], Start, End).IsEligible.ShouldBeTrue();

        var endsOnStart = EligibilityRules.Evaluate([Period(BenefitKind.UnemploymentBenefit, Start.AddDays(-30), Start)], Start, End);
        endsOnStart.IsEligible.ShouldBeTrue();
        endsOnStart.CoveredUntil.ShouldBe(Start);
        endsOnStart.CoversWholePeriod.ShouldBeFalse();
    }

    [Fact]
    public void A_benefit_ending_mid_way_still_makes_the_person_eligible_until_it_ends()
    {
        var ends = Start.AddDays(30);

        var result = EligibilityRules.Evaluate([Period(BenefitKind.SicknessBenefit, Start.AddDays(-60), ends)], Start, End);

        result.IsEligible.ShouldBeTrue();
        result.Benefit.ShouldBe(BenefitKind.SicknessBenefit);
        result.CoveredUntil.ShouldBe(ends);
        result.CoversWholePeriod.ShouldBeFalse();
        result.Reason.ShouldBeNull();
    }

    [Fact]
    public void A_benefit_ending_on_the_last_day_covers_the_whole_period()
    {
        var result = EligibilityRules.Evaluate([Period(BenefitKind.SicknessBenefit, Start, End)], Start, End);

        result.CoveredUntil.ShouldBe(End);
        result.CoversWholePeriod.ShouldBeTrue();
    }

    [Fact]
    public void A_benefit_ending_the_day_before_the_last_day_does_not_cover_the_whole_period()
    {
        var result = EligibilityRules.Evaluate([Period(BenefitKind.SicknessBenefit, Start, End.AddDays(-1))], Start, End);

        result.IsEligible.ShouldBeTrue();
        result.CoversWholePeriod.ShouldBeFalse();
    }

    [Fact]
    public void An_open_ended_benefit_covers_the_whole_period()
    {
        var result = EligibilityRules.Evaluate([Period(BenefitKind.DisabilityBenefit, new DateOnly(2019, 1, 1), null)], Start, End);

        result.IsEligible.ShouldBeTrue();
        result.Benefit.ShouldBe(BenefitKind.DisabilityBenefit);
        result.CoveredUntil.ShouldBeNull();
        result.CoversWholePeriod.ShouldBeTrue();
    }

    [Fact]
    public void Adjoining_periods_of_different_kinds_chain_into_one_cover()
    {
        var switchDay = Start.AddDays(20);

        var result = EligibilityRules.Evaluate(
            [
                Period(BenefitKind.SicknessBenefit, Start.AddDays(-300), switchDay),
                Period(BenefitKind.WorkAssessmentAllowance, switchDay.AddDays(1), End.AddDays(10)),
            ],
            Start,
            End);

        result.IsEligible.ShouldBeTrue();
        result.Benefit.ShouldBe(BenefitKind.SicknessBenefit);
        result.CoveredUntil.ShouldBe(End.AddDays(10));
        result.CoversWholePeriod.ShouldBeTrue();
    }

    [Fact]
    public void A_chain_of_three_kinds_ending_in_an_open_period_is_open_ended()
    {
        var result = EligibilityRules.Evaluate(
            [
                Period(BenefitKind.UnemploymentBenefit, Start.AddDays(-10), Start.AddDays(5)),
                Period(BenefitKind.SocialAssistance, Start.AddDays(6), Start.AddDays(40)),
                Period(BenefitKind.TransitionalBenefit, Start.AddDays(41), null),
            ],
            Start,
            End);

        result.CoveredUntil.ShouldBeNull();
        result.CoversWholePeriod.ShouldBeTrue();
    }

    [Fact]
    public void A_one_day_gap_breaks_the_chain()
    {
        var firstEnds = Start.AddDays(20);

        var result = EligibilityRules.Evaluate(
            [
                Period(BenefitKind.SicknessBenefit, Start.AddDays(-300), firstEnds),
                Period(BenefitKind.WorkAssessmentAllowance, firstEnds.AddDays(2), null),
            ],
            Start,
            End);

        result.IsEligible.ShouldBeTrue();
        result.CoveredUntil.ShouldBe(firstEnds);
        result.CoversWholePeriod.ShouldBeFalse();
    }

    [Fact]
    public void Overlapping_periods_chain()
    {
        var result = EligibilityRules.Evaluate(
            [
                Period(BenefitKind.WorkAssessmentAllowance, Start.AddDays(10), End.AddDays(30)),
                Period(BenefitKind.SicknessBenefit, Start.AddDays(-5), Start.AddDays(25)),
            ],
            Start,
            End);

        result.Benefit.ShouldBe(BenefitKind.SicknessBenefit);
        result.CoveredUntil.ShouldBe(End.AddDays(30));
        result.CoversWholePeriod.ShouldBeTrue();
    }

    [Fact]
    public void A_period_contained_in_the_first_does_not_shorten_the_cover()
    {
        var result = EligibilityRules.Evaluate(
            [
                Period(BenefitKind.SicknessBenefit, Start.AddDays(-5), Start.AddDays(50)),
                Period(BenefitKind.SocialAssistance, Start.AddDays(3), Start.AddDays(10)),
            ],
            Start,
            End);

        result.CoveredUntil.ShouldBe(Start.AddDays(50));
    }

    [Fact]
    public void The_benefit_reported_is_the_one_at_the_start_that_lasts_longest()
    {
        var result = EligibilityRules.Evaluate(
            [
                Period(BenefitKind.SocialAssistance, Start.AddDays(-5), Start.AddDays(10)),
                Period(BenefitKind.UnemploymentBenefit, Start.AddDays(-1), Start.AddDays(60)),
            ],
            Start,
            End);

        result.Benefit.ShouldBe(BenefitKind.UnemploymentBenefit);
        result.CoveredUntil.ShouldBe(Start.AddDays(60));
    }

    [Fact]
    public void Cover_is_followed_to_its_real_end_even_beyond_the_prescription()
    {
        // The first period alone reaches the end, but the chain continues: CoveredUntil is when cover really stops.
        var result = EligibilityRules.Evaluate(
            [
                Period(BenefitKind.SicknessBenefit, Start.AddDays(-5), End.AddDays(3)),
                Period(BenefitKind.WorkAssessmentAllowance, End.AddDays(4), null),
            ],
            Start,
            End);

        result.CoveredUntil.ShouldBeNull();
        result.CoversWholePeriod.ShouldBeTrue();
    }

    [Fact]
    public void A_registry_end_date_of_31_December_9999_is_followed_without_overflow()
    {
        var result = EligibilityRules.Evaluate(
            [
                Period(BenefitKind.SicknessBenefit, Start.AddDays(-5), Start.AddDays(10)),
                Period(BenefitKind.DisabilityBenefit, Start.AddDays(11), DateOnly.MaxValue),
                Period(BenefitKind.SocialAssistance, Start.AddDays(20), null),
            ],
            Start,
            End);

        result.CoveredUntil.ShouldBe(DateOnly.MaxValue);
        result.CoversWholePeriod.ShouldBeTrue();
    }

    [Fact]
    public void Periods_with_the_same_dates_give_the_same_answer_in_any_order()
    {
        BenefitPeriod[] periods =
        [
            Period(BenefitKind.SocialAssistance, Start.AddDays(-5), Start.AddDays(40)),
            Period(BenefitKind.SicknessBenefit, Start.AddDays(-5), Start.AddDays(40)),
        ];

        EligibilityRules.Evaluate(periods, Start, End).ShouldBe(EligibilityRules.Evaluate(periods.Reverse(), Start, End));
    }

    [Fact]
    public void BenefitPeriod_covers_its_first_and_last_day()
    {
        var period = Period(BenefitKind.SicknessBenefit, Start, Start.AddDays(10));

        period.Covers(Start.AddDays(-1)).ShouldBeFalse();
        period.Covers(Start).ShouldBeTrue();
        period.Covers(Start.AddDays(10)).ShouldBeTrue();
        period.Covers(Start.AddDays(11)).ShouldBeFalse();
        Period(BenefitKind.SicknessBenefit, Start, null).Covers(DateOnly.MaxValue).ShouldBeTrue();
    }
}
