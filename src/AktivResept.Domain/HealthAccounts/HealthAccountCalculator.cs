using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// Computes the health account of a cohort under the given assumptions (validate them first: the calculator trusts
/// them). Pure and linear in the participants: they are grouped into persons once, then counted in single passes;
/// every count the report publishes is then suppressed together (<see cref="SmallCells.SuppressLinked"/>).
/// </summary>
public static class HealthAccountCalculator
{
    public static HealthAccountReport Compute(AccountCohort cohort, AccountAssumptions assumptions)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(assumptions);
        var persons = AccountPerson.Group(cohort.Participants);
        var period = cohort.Period ?? PeriodOf(cohort.Participants);

        var outcomes = new OutcomeCounter(persons, assumptions);
        var timepoints = cohort.Participants.SelectMany(p => p.Measurements).Select(m => m.Timepoint).ToHashSet(StringComparer.Ordinal);
        var funnel = new FunnelCounter(period, timepoints, persons);
        var weeks = new WeeklyAdherenceCounter();
        var costs = new CostCounter();
        var sickLeave = new SickLeaveCounter(assumptions.SickLeaveWindowDays, assumptions.SickLeaveDailyCostNok);
        foreach (var person in persons)
        {
            funnel.Add(person);
            outcomes.Add(person, assumptions.Missing);
            weeks.Add(person);
            sickLeave.Add(person);
            foreach (var prescription in person.Prescriptions)
            {
                costs.Add(prescription);
            }
        }

        var cells = new CountCells();
        funnel.Register(cells);
        weeks.Register(cells);
        var handlings = new[] { assumptions.Missing, assumptions.MissingAlternative }.Distinct().ToArray();
        OutcomeCells.Register(cells, outcomes, handlings, assumptions.Missing);
        cells.Suppress();

        var started = cells.Shown(funnel.TotalCell(FunnelStages.Started));
        var completed = cells.Shown(funnel.TotalCell(FunnelStages.Completed));
        var costAccount = costs.Publish(cohort.OtherCosts, started, completed);
        var label = outcomes.ComparesArms ? EffectLabels.ArmComparison : EffectLabels.BeforeAfter;
        return new HealthAccountReport(
            period,
            assumptions,
            label,
            funnel.Publish(cells),
            weeks.Publish(cells),
            OutcomeCells.Changes(cells, outcomes, assumptions),
            OutcomeCells.ArmComparisons(cells, outcomes),
            costAccount,
            OutcomeCells.Qalys(cells, outcomes, assumptions, costAccount.PerParticipant),
            sickLeave.Publish(started),
            PriorityThresholds.All);
    }

    private static AccountPeriod PeriodOf(IReadOnlyList<AccountParticipant> participants) =>
        participants.Count == 0
            ? new AccountPeriod(DateOnly.MinValue, DateOnly.MinValue)
            : new AccountPeriod(participants.Min(p => p.ReferredOn), participants.Max(p => p.ReferredOn));
}
