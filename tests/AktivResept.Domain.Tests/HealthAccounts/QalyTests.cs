using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Outcomes;

namespace AktivResept.Domain.Tests.HealthAccounts;

public class QalyTests
{
    private static AccountParticipant Person(decimal baseline, decimal m6, decimal? m12, decimal cost = 1000m) =>
        Cohorts.Participant(
            measurements:
            [
                new(InstrumentCatalogue.Eq5d5l, "baseline", baseline, Cohorts.Start),
                new(InstrumentCatalogue.Eq5d5l, "m6", m6, Cohorts.Start.AddDays(183)),
                .. m12 is { } v ? new AccountMeasurement[] { new(InstrumentCatalogue.Eq5d5l, "m12", v, Cohorts.Start.AddDays(365)) } : [],
            ],
            costs: [new(CostPayer.State, cost, Cohorts.Start)]);

    [Fact]
    public void The_qaly_gain_is_the_discounted_area_under_the_change_from_baseline()
    {
        var cohort = new AccountCohort(Enumerable.Range(0, 5).Select(_ => Person(0.70m, 0.80m, 0.75m)).ToArray(), []);

        var qalys = HealthAccountCalculator.Compute(cohort, AccountAssumptions.Default with { DiscountRatePercent = 4 }).Qalys;

        // By hand: t₁ = 183/365.25, t₂ = 365/365.25 years; changes 0.10 and 0.05 discounted by 1.04^−t; trapezoids.
        double t1 = 183 / 365.25, t2 = 365 / 365.25;
        var g1 = 0.10 / Math.Pow(1.04, t1);
        var g2 = 0.05 / Math.Pow(1.04, t2);
        var toM6 = t1 * g1 / 2;
        var toM12 = toM6 + ((t2 - t1) * (g1 + g2) / 2);
        qalys.Select(q => q.Timepoint).ShouldBe(["m6", "m12"]);
        qalys[0].Primary.MeanGain!.Estimate.ShouldBe(toM6, 1e-12);
        qalys[1].Primary.MeanGain!.Estimate.ShouldBe(toM12, 1e-12);
        qalys[1].Primary.MeanGain!.Lower.ShouldBe(toM12, 1e-12);
        qalys[1].EffectLabel.ShouldBe(EffectLabels.BeforeAfter);

        // Cost per participant 1000 / QALY gained, compared with every severity class.
        var costPerQaly = Math.Round(1000m / (decimal)toM12, 2, MidpointRounding.AwayFromZero);
        qalys[1].Primary.CostPerQaly.ShouldBe(costPerQaly);
        qalys[1].Primary.Thresholds.Select(t => t.Within).ShouldBe(PriorityThresholds.All.Select(t => (bool?)(costPerQaly <= t.MaxNokPerQaly)));
    }

    [Fact]
    public void Without_discounting_the_area_is_the_plain_trapezoid()
    {
        var cohort = new AccountCohort(Enumerable.Range(0, 5).Select(_ => Person(0.5m, 0.7m, 0.9m)).ToArray(), []);

        var qalys = HealthAccountCalculator.Compute(cohort, AccountAssumptions.Default with { DiscountRatePercent = 0 }).Qalys;

        double t1 = 183 / 365.25, t2 = 365 / 365.25;
        qalys[1].Primary.MeanGain!.Estimate.ShouldBe((t1 * 0.2 / 2) + ((t2 - t1) * (0.2 + 0.4) / 2), 1e-12);
    }

    [Fact]
    public void A_missing_last_point_counts_under_complete_cases_only_when_measured()
    {
        var measured = Enumerable.Range(0, 5).Select(_ => Person(0.5m, 0.7m, 0.9m));
        var dropped = Enumerable.Range(0, 5).Select(_ => Person(0.5m, 0.7m, null));
        var cohort = new AccountCohort([.. measured, .. dropped], []);

        var m12 = HealthAccountCalculator.Compute(cohort, AccountAssumptions.Default with { DiscountRatePercent = 0 }).Qalys.Single(q => q.Timepoint == "m12");

        double t1 = 183 / 365.25, t2 = 365 / 365.25;
        var full = (t1 * 0.2 / 2) + ((t2 - t1) * (0.2 + 0.4) / 2);

        // Baseline carried forward: the dropped five return to 0 change at m12's due day (start + 12 months).
        var due = (Cohorts.Start.AddMonths(12).DayNumber - Cohorts.Start.DayNumber) / 365.25;
        var droppedArea = (t1 * 0.2 / 2) + ((due - t1) * (0.2 + 0) / 2);
        m12.Primary.Analysed.ShouldBe(5);
        m12.Primary.Missing.ShouldBe(5);
        m12.Primary.MeanGain!.Estimate.ShouldBe(full, 1e-12);
        m12.Alternative.Analysed.ShouldBe(10);
        m12.Alternative.MeanGain!.Estimate.ShouldBe((full + droppedArea) / 2, 1e-12);
    }

    [Fact]
    public void No_gain_gives_no_cost_per_qaly()
    {
        var cohort = new AccountCohort(Enumerable.Range(0, 5).Select(_ => Person(0.8m, 0.7m, 0.6m)).ToArray(), []);

        var m12 = HealthAccountCalculator.Compute(cohort, AccountAssumptions.Default).Qalys.Single(q => q.Timepoint == "m12");

        m12.Primary.MeanGain!.Estimate.ShouldBeLessThan(0);
        m12.Primary.CostPerQaly.ShouldBeNull();
        m12.Primary.Thresholds.ShouldAllBe(t => t.Within == null);
    }

    [Fact]
    public void The_thresholds_rise_with_severity_from_275_to_825_thousand_and_cite_their_source()
    {
        PriorityThresholds.All.Select(t => t.MaxNokPerQaly).ShouldBe([275_000m, 385_000m, 500_000m, 605_000m, 715_000m, 825_000m]);
        PriorityThresholds.All.ShouldAllBe(t => t.Source.Contains("Meld. St. 34"));
    }
}
