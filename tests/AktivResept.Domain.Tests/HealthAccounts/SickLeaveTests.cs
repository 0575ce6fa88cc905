using AktivResept.Domain.Eligibility;
using AktivResept.Domain.HealthAccounts;

namespace AktivResept.Domain.Tests.HealthAccounts;

public class SickLeaveTests
{
    // Start 2026-01-05, end 2026-03-29 (start + 83 days); window 30 days: before 2025-12-06..2026-01-04, after 2026-03-30..2026-04-28.
    private static readonly DateOnly Start = Cohorts.Start;
    private static readonly DateOnly End = Cohorts.Start.AddDays(83);

    [Fact]
    public void Days_of_sickness_benefit_and_aap_before_and_after_are_counted_once_and_valued()
    {
        var participants = new[]
        {
            // 30 before (sykepenger over the whole window), 0 after.
            Cohorts.Participant(periods: [new(BenefitKind.SicknessBenefit, Start.AddDays(-100), Start.AddDays(-1))]),

            // 10 before; overlapping AAP and sykepenger count each day once; open AAP after: all 30 days.
            Cohorts.Participant(periods:
            [
                new(BenefitKind.SicknessBenefit, Start.AddDays(-10), Start.AddDays(-5)),
                new(BenefitKind.WorkAssessmentAllowance, Start.AddDays(-7), Start.AddDays(-1)),
                new(BenefitKind.WorkAssessmentAllowance, End.AddDays(1), null),
            ]),

            // Uføretrygd is not sick leave: 0 and 0.
            Cohorts.Participant(periods: [new(BenefitKind.DisabilityBenefit, Start.AddDays(-30), null)]),

            // 0 before, 5 after.
            Cohorts.Participant(periods: [new(BenefitKind.SicknessBenefit, End.AddDays(26), End.AddDays(40))]),

            // 20 before, 20 after.
            Cohorts.Participant(periods: [new(BenefitKind.SicknessBenefit, Start.AddDays(-20), End.AddDays(20))]),

            // Did not start: not counted.
            Cohorts.Participant(started: false, periods: [new(BenefitKind.SicknessBenefit, Start.AddDays(-30), Start.AddDays(-1))]),
        };

        var sickLeave = HealthAccountCalculator.Compute(
            new AccountCohort(participants, []),
            AccountAssumptions.Default with { SickLeaveWindowDays = 30, SickLeaveDailyCostNok = 2500.50m }).SickLeave;

        // Before 30, 10, 0, 0, 20 (mean 12); after 0, 30, 0, 5, 20 (mean 11); changes −30, 20, 0, 5, 0 (sum −5).
        var (mean, sd) = IndependentT.MeanSd(-30, 20, 0, 5, 0);
        var half = IndependentT.Quantile975(4) * sd / Math.Sqrt(5);
        sickLeave.Participants.ShouldBe(5);
        sickLeave.MeanDaysBefore.ShouldBe(12);
        sickLeave.MeanDaysAfter.ShouldBe(11);
        sickLeave.MeanChange!.Estimate.ShouldBe(-1, 1e-9);
        sickLeave.MeanChange.Lower.ShouldBe(mean - half, 1e-9);
        sickLeave.MeanChange.Upper.ShouldBe(mean + half, 1e-9);

        // −5 days × 2500.50 / 5 persons = −2500.50 per participant.
        sickLeave.ValuePerParticipant.ShouldBe(-2500.50m);
    }
}
