using AktivResept.Domain.Outcomes;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Outcomes;

/// <summary>The one baseline → end rule (page, REST and completion summary) and the demo generator's known true effects.</summary>
public sealed class OutcomeChangesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static ScoredMeasurement M(string instrument, string? timepoint, decimal score, int hours = 0) =>
        new(instrument, timepoint, T0.AddHours(hours), score);

    [Fact]
    public void A_change_is_judged_against_the_MCID_in_the_instruments_better_direction()
    {
        var changes = OutcomeChanges.BaselineToEnd(
        [
            M(InstrumentCatalogue.SitToStand, "baseline", 10), M(InstrumentCatalogue.SitToStand, "end", 12, 1),
            M(InstrumentCatalogue.SixMinuteWalk, "baseline", 400), M(InstrumentCatalogue.SixMinuteWalk, "end", 429, 1),
            // Lower is better: 5 mmHg down is important, up never is.
            M(InstrumentCatalogue.BloodPressure, "baseline", 145), M(InstrumentCatalogue.BloodPressure, "end", 140, 1),
            M(InstrumentCatalogue.Waist, "baseline", 100), M(InstrumentCatalogue.Waist, "end", 90, 1),
        ]).ToDictionary(c => c.Instrument);

        changes[InstrumentCatalogue.SitToStand].ShouldBe(new OutcomeChange(InstrumentCatalogue.SitToStand, "{repetitions}", 10, 12, 2, 2, true));
        changes[InstrumentCatalogue.SixMinuteWalk].Important.ShouldBe(false);
        changes[InstrumentCatalogue.BloodPressure].Change.ShouldBe(-5m);
        changes[InstrumentCatalogue.BloodPressure].Important.ShouldBe(true);
        // No agreed MCID: the change is reported, not judged.
        changes[InstrumentCatalogue.Waist].Important.ShouldBeNull();
        changes[InstrumentCatalogue.Waist].Mcid.ShouldBeNull();
    }

    [Fact]
    public void The_latest_measurement_at_each_timepoint_counts_and_instruments_without_both_or_without_a_direction_are_left_out()
    {
        var changes = OutcomeChanges.BaselineToEnd(
        [
            // Given out of time order: the later baseline (11) is the one that counts.
            M(InstrumentCatalogue.SitToStand, "end", 14, 5), M(InstrumentCatalogue.SitToStand, "baseline", 11, 2), M(InstrumentCatalogue.SitToStand, "baseline", 9, 1),
            M(InstrumentCatalogue.SitToStand, "m6", 20, 9),
            M(InstrumentCatalogue.GripStrength, "baseline", 30),
            M(InstrumentCatalogue.WorkStatus, "baseline", 3), M(InstrumentCatalogue.WorkStatus, "end", 1, 1),
            M(InstrumentCatalogue.SixMinuteWalk, null, 400), M(InstrumentCatalogue.SixMinuteWalk, "end", 450, 1),
        ]);

        changes.ShouldHaveSingleItem().ShouldBe(new OutcomeChange(InstrumentCatalogue.SitToStand, "{repetitions}", 11, 14, 3, 2, true));
    }

    [Property(MaxTest = 300)]
    public void A_change_is_end_minus_baseline_and_important_exactly_when_it_reaches_the_MCID_the_better_way(byte which, short baseline, short delta)
    {
        var measured = InstrumentCatalogue.All.Where(i => i.Direction != ChangeDirection.None).ToList();
        var instrument = measured[which % measured.Count];
        var (b, e) = (baseline / 100m, (baseline + delta) / 100m);

        var change = OutcomeChanges.BaselineToEnd([M(instrument.Code, "baseline", b), M(instrument.Code, "end", e, 1)]).ShouldHaveSingleItem();

        change.Change.ShouldBe(e - b);
        var better = instrument.Direction == ChangeDirection.HigherIsBetter ? e - b : b - e;
        change.Important.ShouldBe(instrument.Mcid is { } mcid ? better >= mcid.Value : (bool?)null);
    }

    [Fact]
    public void The_demo_generator_is_deterministic_valid_and_has_its_documented_true_effects()
    {
        const int participants = 2000;
        var sts = new List<decimal>();
        var walk = new List<decimal>();
        for (var seed = 0; seed < participants; seed++)
        {
            var readings = SyntheticOutcomes.For(seed, baseline: true, end: true, sixMonths: true);
            SyntheticOutcomes.For(seed, baseline: true, end: true, sixMonths: true).Select(r => r.Values).ShouldBe(readings.Select(r => r.Values));
            foreach (var r in readings)
            {
                InstrumentScoring.Validate(InstrumentCatalogue.Get(r.Instrument), r.Values.ToDictionary(v => v.Key, v => new PartReading(v.Value))).ShouldBeEmpty($"{seed} {r.Instrument} {r.Timepoint}");
            }

            decimal Score(string instrument, string timepoint) =>
                InstrumentScoring.Score(InstrumentCatalogue.Get(instrument), readings.Single(r => r.Instrument == instrument && r.Timepoint == timepoint).Values, Eq5dValueSet.DemoPlaceholder);
            sts.Add(Score(InstrumentCatalogue.SitToStand, "end") - Score(InstrumentCatalogue.SitToStand, "baseline"));
            walk.Add(Score(InstrumentCatalogue.SixMinuteWalk, "end") - Score(InstrumentCatalogue.SixMinuteWalk, "baseline"));
            (Score(InstrumentCatalogue.Eq5d5l, "end") - Score(InstrumentCatalogue.Eq5d5l, "baseline")).ShouldBe(SyntheticOutcomes.Eq5dEffectUnderPlaceholder);
        }

        // The noise averages out: the mean change over many participants is the true effect.
        sts.Average().ShouldBe(SyntheticOutcomes.SitToStandEffect, 0.2m);
        walk.Average().ShouldBe(SyntheticOutcomes.WalkEffect, 2m);
        sts.Distinct().Count().ShouldBeGreaterThan(1, "the generator adds noise, not a constant");
    }

    [Fact]
    public void A_value_set_that_is_not_five_rows_of_four_rising_decrements_is_not_well_formed()
    {
        Eq5dValueSet.DemoPlaceholder.IsWellFormed.ShouldBeTrue();
        Eq5dValueSet.DemoPlaceholder.Index([1, 1, 1, 1, 1]).ShouldBe(1m);
        Eq5dValueSet.DemoPlaceholder.Index([5, 5, 5, 5, 5]).ShouldBe(1m - 0.270m - 0.200m - 0.180m - 0.330m - 0.290m);
        (Eq5dValueSet.DemoPlaceholder with { Decrements = [.. Eq5dValueSet.DemoPlaceholder.Decrements.Take(4)] }).IsWellFormed.ShouldBeFalse();
        (Eq5dValueSet.DemoPlaceholder with { Decrements = [[0.1m, 0.05m, 0.2m, 0.3m], .. Eq5dValueSet.DemoPlaceholder.Decrements.Skip(1)] }).IsWellFormed.ShouldBeFalse();
        (Eq5dValueSet.DemoPlaceholder with { Decrements = [[-0.1m, 0.05m, 0.2m, 0.3m], .. Eq5dValueSet.DemoPlaceholder.Decrements.Skip(1)] }).IsWellFormed.ShouldBeFalse();
    }
}
