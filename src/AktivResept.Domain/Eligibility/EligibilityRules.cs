namespace AktivResept.Domain.Eligibility;

public static class EligibilityRules
{
    /// <summary>
    /// Evaluates eligibility for a prescription period. Adjoining or overlapping periods (of any of the six kinds)
    /// chain together, so a switch from sykepenger to AAP does not break cover.
    /// </summary>
    public static EligibilityResult Evaluate(IEnumerable<BenefitPeriod> periods, DateOnly start, DateOnly end)
    {
        var ordered = periods.OrderBy(p => p.From).ToList();
        var atStart = ordered
            .Where(p => p.Covers(start))
            .OrderByDescending(p => p.To ?? DateOnly.MaxValue)
            .FirstOrDefault();
        if (atStart is null)
        {
            return EligibilityResult.NotEligible($"No active benefit on {start:yyyy-MM-dd}.");
        }

        DateOnly? coveredUntil = atStart.To;
        var extended = true;
        while (coveredUntil is { } until && until < end && extended)
        {
            extended = false;
            foreach (var next in ordered)
            {
                if (next.From <= until.AddDays(1) && (next.To is null || next.To > until))
                {
                    coveredUntil = next.To;
                    extended = true;
                    break;
                }
            }
        }

        var whole = coveredUntil is null || coveredUntil >= end;
        return new EligibilityResult(true, atStart.Kind, coveredUntil, whole, null);
    }
}
