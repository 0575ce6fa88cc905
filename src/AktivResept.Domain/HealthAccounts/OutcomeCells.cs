using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// The published counts of the outcome changes, arm comparisons and QALYs, their relations (analysed + missing = with
/// baseline; reaching the MCID + not = analysed; the arms + those without one = analysed), and the figures built on
/// them. A mean or interval from fewer than five persons is not shown, nor a share whose numerator or complement is
/// hidden.
/// </summary>
internal static class OutcomeCells
{
    public static void Register(CountCells cells, OutcomeCounter outcomes, IReadOnlyList<MissingDataHandling> handlings, MissingDataHandling primary)
    {
        foreach (var (plan, _, cell) in outcomes.Cells())
        {
            cell.WithBaselineCell = cells.Add(cell.WithBaseline);
            cell.CompleteCell = cells.Add(cell.Complete);
            cell.MissingCell = cells.Add(cell.WithBaseline - cell.Complete);
            cells.Line([cell.CompleteCell, cell.MissingCell, cell.WithBaselineCell]);
            if (plan.HasMcid)
            {
                foreach (var h in handlings)
                {
                    var i = (int)h;
                    cell.ReachCell[i] = cells.Add(cell.Reach[i]);
                    cell.NotReachCell[i] = cells.Add(cell.Analysed(h) - cell.Reach[i]);
                    cells.Line([cell.ReachCell[i], cell.NotReachCell[i], cell.AnalysedCell(h)]);
                }
            }

            if (outcomes.ComparesArms)
            {
                cell.ArmCells = cell.ByArm.Select(m => cells.Add(m.Count)).ToArray();

                // Those without an arm are never published: an unknown, so the line never gives a hidden arm away.
                cells.Line([.. cell.ArmCells, cells.Add(cell.WithoutArm), cell.AnalysedCell(primary)]);
            }
        }
    }

    public static IReadOnlyList<CohortOutcomeChange> Changes(CountCells cells, OutcomeCounter outcomes, AccountAssumptions assumptions) =>
        outcomes.Cells().Select(c => new CohortOutcomeChange(
            c.Plan.Instrument.Code,
            c.Timepoint,
            c.Plan.Instrument.Unit,
            c.Plan.Instrument.Direction,
            c.Plan.HasMcid ? c.Plan.Instrument.Mcid!.Value : null,
            EffectLabels.BeforeAfter,
            Estimate(cells, c.Plan, c.Cell, assumptions.Missing),
            Estimate(cells, c.Plan, c.Cell, assumptions.MissingAlternative))).ToArray();

    public static IReadOnlyList<ArmComparison> ArmComparisons(CountCells cells, OutcomeCounter outcomes)
    {
        if (!outcomes.ComparesArms)
        {
            return [];
        }

        var reference = outcomes.Arms.ToList().IndexOf(outcomes.ReferenceArm!);
        var comparisons = new List<ArmComparison>();
        foreach (var (plan, timepoint, cell) in outcomes.Cells())
        {
            for (var a = 0; a < outcomes.Arms.Count; a++)
            {
                if (a == reference)
                {
                    continue;
                }

                var arm = cell.ByArm[a];
                var control = cell.ByArm[reference];
                var difference = arm.Count >= SmallCells.Minimum && control.Count >= SmallCells.Minimum
                    ? Interval(TInterval.WelchDifference(arm, control))
                    : null;
                comparisons.Add(new ArmComparison(
                    plan.Instrument.Code, timepoint, outcomes.Arms[a], outcomes.ReferenceArm!,
                    cells.Shown(cell.ArmCells[a]), cells.Shown(cell.ArmCells[reference]), difference));
            }
        }

        return comparisons;
    }

    public static IReadOnlyList<QalyAccount> Qalys(CountCells cells, OutcomeCounter outcomes, AccountAssumptions assumptions, decimal? costPerParticipant) =>
        outcomes.QalyCells().Select(c => new QalyAccount(
            c.Timepoint,
            EffectLabels.BeforeAfter,
            Qaly(cells, c.Cell, assumptions.Missing, costPerParticipant),
            Qaly(cells, c.Cell, assumptions.MissingAlternative, costPerParticipant))).ToArray();

    private static ChangeEstimate Estimate(CountCells cells, OutcomeCounter.InstrumentPlan plan, OutcomeCounter.ChangeCell cell, MissingDataHandling h)
    {
        var i = (int)h;
        var analysed = cell.Analysed(h);
        double? share = plan.HasMcid && analysed > 0 && cells.IsShown(cell.ReachCell[i]) && cells.IsShown(cell.NotReachCell[i])
            ? (double)cell.Reach[i] / analysed
            : null;
        return new ChangeEstimate(
            h,
            cells.Shown(cell.WithBaselineCell),
            cells.Shown(cell.AnalysedCell(h)),
            cells.Shown(cell.MissingCell),
            analysed >= SmallCells.Minimum ? Interval(TInterval.ForMean(cell.Change[i])) : null,
            share);
    }

    private static QalyEstimate Qaly(CountCells cells, OutcomeCounter.ChangeCell cell, MissingDataHandling h, decimal? costPerParticipant)
    {
        var gain = cell.Analysed(h) >= SmallCells.Minimum ? Interval(TInterval.ForMean(cell.Qaly[(int)h])) : null;
        decimal? costPerQaly = gain is { Estimate: > 0 } g && costPerParticipant is { } cost
            ? Math.Round(cost / (decimal)g.Estimate, 2, MidpointRounding.AwayFromZero)
            : null;
        return new QalyEstimate(
            h,
            cells.Shown(cell.AnalysedCell(h)),
            cells.Shown(cell.MissingCell),
            gain,
            costPerQaly,
            PriorityThresholds.All.Select(t => new ThresholdComparison(t.SeverityClass, t.MaxNokPerQaly, costPerQaly is { } c ? c <= t.MaxNokPerQaly : null)).ToArray());
    }

    private static ConfidenceInterval? Interval(IntervalEstimate? estimate) =>
        estimate is { } e ? new ConfidenceInterval(e.Estimate, e.Lower, e.Upper) : null;
}
