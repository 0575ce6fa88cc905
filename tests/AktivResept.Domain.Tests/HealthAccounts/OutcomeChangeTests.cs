using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Outcomes;

namespace AktivResept.Domain.Tests.HealthAccounts;

public class OutcomeChangeTests
{
    private const double Tolerance = 1e-9;

    // Sit-to-stand (higher is better, MCID 2): five measured at m6 with changes 3, 2, 1, 4, 5; two with a baseline only.
    private static readonly AccountCohort Fixture = Cohorts.Of(
        Cohorts.Participant(measurements: Cohorts.Paired(InstrumentCatalogue.SitToStand, 10, 13)),
        Cohorts.Participant(measurements: Cohorts.Paired(InstrumentCatalogue.SitToStand, 12, 14)),
        Cohorts.Participant(measurements: Cohorts.Paired(InstrumentCatalogue.SitToStand, 9, 10)),
        Cohorts.Participant(measurements: Cohorts.Paired(InstrumentCatalogue.SitToStand, 15, 19)),
        Cohorts.Participant(measurements: Cohorts.Paired(InstrumentCatalogue.SitToStand, 11, 16)),
        Cohorts.Participant(measurements: Cohorts.Paired(InstrumentCatalogue.SitToStand, 13, null)),
        Cohorts.Participant(measurements: Cohorts.Paired(InstrumentCatalogue.SitToStand, 14, null)));

    [Fact]
    public void The_t_table_this_test_uses_is_right()
    {
        IndependentT.Quantile975(1).ShouldBe(12.706, 0.0005);
        IndependentT.Quantile975(3).ShouldBe(3.182, 0.0005);
        IndependentT.Quantile975(4).ShouldBe(2.776, 0.0005);
        IndependentT.Quantile975(5).ShouldBe(2.571, 0.0005);
        IndependentT.Quantile975(6).ShouldBe(2.447, 0.0005);
        IndependentT.Quantile975(8).ShouldBe(2.306, 0.0005);
    }

    [Fact]
    public void Complete_cases_give_the_mean_paired_difference_with_its_t_interval()
    {
        var change = HealthAccountCalculator.Compute(Fixture, AccountAssumptions.Default).OutcomeChanges
            .Single(c => c.Instrument == InstrumentCatalogue.SitToStand && c.Timepoint == "m6");

        // By hand: mean 3, s² = (0 + 1 + 4 + 1 + 4) / 4 = 2.5, half-width t(0.975, 4) · √2.5 / √5.
        var half = IndependentT.Quantile975(4) * Math.Sqrt(2.5) / Math.Sqrt(5);
        change.Primary.Handling.ShouldBe(MissingDataHandling.CompleteCases);
        change.Primary.MeanChange!.Estimate.ShouldBe(3, Tolerance);
        change.Primary.MeanChange.Lower.ShouldBe(3 - half, Tolerance);
        change.Primary.MeanChange.Upper.ShouldBe(3 + half, Tolerance);
        change.EffectLabel.ShouldBe(EffectLabels.BeforeAfter);
        change.Unit.ShouldBe("{repetitions}");
        change.Mcid.ShouldBe(2m);
    }

    [Fact]
    public void The_alternative_carries_the_baseline_forward_side_by_side()
    {
        var change = HealthAccountCalculator.Compute(Fixture, AccountAssumptions.Default).OutcomeChanges.Single();

        // Changes 3, 2, 1, 4, 5, 0, 0: n = 7, t(0.975, 6).
        var (mean, sd) = IndependentT.MeanSd(3, 2, 1, 4, 5, 0, 0);
        var half = IndependentT.Quantile975(6) * sd / Math.Sqrt(7);
        change.Alternative.Handling.ShouldBe(MissingDataHandling.BaselineCarriedForward);
        change.Alternative.MeanChange!.Estimate.ShouldBe(15.0 / 7, Tolerance);
        change.Alternative.MeanChange.Estimate.ShouldBe(mean, Tolerance);
        change.Alternative.MeanChange.Lower.ShouldBe(mean - half, Tolerance);
        change.Alternative.MeanChange.Upper.ShouldBe(mean + half, Tolerance);
        change.Alternative.Analysed.ShouldBe(7);
    }

    [Fact]
    public void Two_missing_of_seven_hide_the_missing_count_and_with_it_the_analysed_count()
    {
        var change = HealthAccountCalculator.Compute(Fixture, AccountAssumptions.Default).OutcomeChanges.Single();

        // 5 analysed + 2 missing = 7 with a baseline: 2 is hidden, so 5 is too, or 7 − 5 would give it away.
        change.Primary.WithBaseline.ShouldBe(7);
        change.Primary.Missing.ShouldBeNull();
        change.Primary.Analysed.ShouldBeNull();

        // Reaching the MCID (≥ 2): 4 of 5; a share from a hidden count is not shown.
        change.Primary.ShareReachingMcid.ShouldBeNull();
    }

    [Fact]
    public void Last_observation_carried_forward_uses_the_latest_earlier_measurement()
    {
        var end = Cohorts.Start.AddDays(83);
        var participants = Fixture.Participants.Take(5).Append(Cohorts.Participant(measurements:
        [
            new(InstrumentCatalogue.SitToStand, "baseline", 13, Cohorts.Start),
            new(InstrumentCatalogue.SitToStand, "end", 16, end),
        ])).ToArray();
        var assumptions = AccountAssumptions.Default with { MissingAlternative = MissingDataHandling.LastObservationCarriedForward };

        var m6 = HealthAccountCalculator.Compute(new AccountCohort(participants, []), assumptions).OutcomeChanges.Single(c => c.Timepoint == "m6");

        // The sixth person's m6 is their end-of-period change, 3: changes 3, 2, 1, 4, 5, 3.
        var (mean, sd) = IndependentT.MeanSd(3, 2, 1, 4, 5, 3);
        m6.Alternative.MeanChange!.Estimate.ShouldBe(mean, Tolerance);
        var half = IndependentT.Quantile975(5) * sd / Math.Sqrt(6);
        m6.Alternative.MeanChange.Lower.ShouldBe(mean - half, Tolerance);
        m6.Alternative.MeanChange.Upper.ShouldBe(mean + half, Tolerance);
        m6.Primary.MeanChange!.Estimate.ShouldBe(3, Tolerance);
    }

    [Fact]
    public void The_share_reaching_the_mcid_counts_change_in_the_better_direction()
    {
        // Blood pressure: lower is better, MCID 5 mmHg. Five fall by 5 or more, five by less or rise.
        var participants = new[] { -5m, -8m, -12m, -6m, -20m, -4m, 0m, 3m, -1m, 10m }
            .Select(d => Cohorts.Participant(measurements: Cohorts.Paired(InstrumentCatalogue.BloodPressure, 140, 140 + d)))
            .ToArray();

        var change = HealthAccountCalculator.Compute(new AccountCohort(participants, []), AccountAssumptions.Default).OutcomeChanges.Single();

        change.Direction.ShouldBe(ChangeDirection.LowerIsBetter);
        change.Primary.ShareReachingMcid.ShouldBe(0.5);
        change.Primary.Analysed.ShouldBe(10);
        change.Primary.Missing.ShouldBe(0);
    }

    [Fact]
    public void A_mean_from_fewer_than_five_persons_is_not_shown()
    {
        var report = HealthAccountCalculator.Compute(
            new AccountCohort(Fixture.Participants.Take(4).ToArray(), []), AccountAssumptions.Default);

        var change = report.OutcomeChanges.Single();
        change.Primary.MeanChange.ShouldBeNull();
        change.Alternative.MeanChange.ShouldBeNull();
        change.Primary.WithBaseline.ShouldBeNull();
    }

    [Fact]
    public void Arms_are_compared_by_the_difference_of_their_mean_changes_with_a_welch_interval()
    {
        var control = new[] { 1m, 2m, 3m, 4m, 5m }.Select(d =>
            Cohorts.Participant(arm: "control", measurements: Cohorts.Paired(InstrumentCatalogue.SixMinuteWalk, 400, 400 + d)));
        var intervention = new[] { 4m, 5m, 6m, 7m, 8m }.Select(d =>
            Cohorts.Participant(arm: "intervention", measurements: Cohorts.Paired(InstrumentCatalogue.SixMinuteWalk, 400, 400 + d)));

        var report = HealthAccountCalculator.Compute(new AccountCohort([.. control, .. intervention], []), AccountAssumptions.Default);

        // Both arms: s² = 2.5, n = 5, so SE = √(0.5 + 0.5) = 1 and the Welch–Satterthwaite ν = 1 / (0.25/4 · 2) = 8.
        var comparison = report.ArmComparisons.ShouldHaveSingleItem();
        report.EffectLabel.ShouldBe(EffectLabels.ArmComparison);
        comparison.Arm.ShouldBe("intervention");
        comparison.ReferenceArm.ShouldBe("control");
        comparison.ArmAnalysed.ShouldBe(5);
        comparison.ReferenceAnalysed.ShouldBe(5);
        comparison.Difference!.Estimate.ShouldBe(3, Tolerance);
        comparison.Difference.Lower.ShouldBe(3 - IndependentT.Quantile975(8), Tolerance);
        comparison.Difference.Upper.ShouldBe(3 + IndependentT.Quantile975(8), Tolerance);
    }

    [Fact]
    public void Without_arms_the_report_is_before_after_and_compares_none()
    {
        var report = HealthAccountCalculator.Compute(Fixture, AccountAssumptions.Default);

        report.EffectLabel.ShouldBe(EffectLabels.BeforeAfter);
        report.ArmComparisons.ShouldBeEmpty();
    }
}
