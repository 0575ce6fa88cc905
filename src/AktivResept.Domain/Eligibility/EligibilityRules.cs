using AktivResept.Domain.Errors;
namespace AktivResept.Domain.Eligibility;

public static class EligibilityRules
{
    /// <summary>
    /// Evaluates eligibility for a prescription period. Adjoining or overlapping periods (of any of the six kinds)
    /// chain together, so a switch from sykepenger to AAP does not break cover. The chain is followed to its end
    /// (past <paramref name="end"/> if it goes on), so the result does not depend on the order of the periods.
    /// </summary>
    public static EligibilityResult Evaluate(IEnumerable<BenefitPeriod> periods, DateOnly start, DateOnly end)
    {
        var ordered = periods.OrderBy(p => p.From).ToList();
        var atStart = CoveringOn(ordered, day: start);
        if (atStart is null)
        {
            return EligibilityResult.NotEligible(ErrorCodes.NoActiveBenefit.With(("date", start)));
        }

        DateOnly? coveredUntil = atStart.To;
        while (coveredUntil is { } until && until < DateOnly.MaxValue)
        {
            // The period reaching furthest (open-ended first) among those that continue the cover.
            var next = ordered
                .Where(p => p.From <= until.AddDays(1) && (p.To is null || p.To > until))
                .MaxBy(p => p.To is { } to ? (0, to) : (1, DateOnly.MaxValue));
            if (next is null)
            {
                break;
            }

            coveredUntil = next.To;
        }

        var whole = coveredUntil is null || coveredUntil >= end;
        return new EligibilityResult(true, atStart.Kind, coveredUntil, whole, null);
    }

    /// <summary>
    /// The period that names a person's benefit on <paramref name="day"/> when several cover it, independent of their
    /// order: the one reaching furthest (open-ended first), then the earliest started, then the first kind in
    /// <see cref="BenefitKind"/> order. Null when none covers the day.
    /// </summary>
    public static BenefitPeriod? CoveringOn(IEnumerable<BenefitPeriod> periods, DateOnly day) => periods
        .Where(p => p.Covers(day))
        .OrderByDescending(p => p.To ?? DateOnly.MaxValue)
        .ThenBy(p => p.From)
        .ThenBy(p => p.Kind)
        .FirstOrDefault();
}
