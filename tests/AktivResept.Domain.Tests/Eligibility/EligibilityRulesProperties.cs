using AktivResept.Domain.Eligibility;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Eligibility;

/// <summary>Benefit periods clustered around a prescription so that adjoining, overlapping and equal dates are common.</summary>
public sealed record BenefitHistory(BenefitPeriod[] Periods, DateOnly Start, DateOnly End, int[] Permutation);

public static class EligibilityGenerators
{
    public static readonly DateOnly Anchor = new(2026, 3, 9);

    public static Arbitrary<BenefitHistory> Histories()
    {
        var period =
            from kind in Gen.Elements(Enum.GetValues<BenefitKind>())
            from offset in Gen.Choose(-20, 40)
            from length in Gen.Choose(0, 30)
            from open in Gen.Frequency((1, Gen.Constant(true)), (6, Gen.Constant(false)))
            select new BenefitPeriod(kind, Anchor.AddDays(offset), open ? null : Anchor.AddDays(offset + length));
        return (from periods in period.ListOf().Select(l => l.ToArray())
                from end in Gen.Choose(0, 60)
                from permutation in Gen.Shuffle(Enumerable.Range(0, periods.Length))
                select new BenefitHistory(periods, Anchor, Anchor.AddDays(end), permutation))
            .ToArbitrary();
    }
}

[Properties(Arbitrary = [typeof(EligibilityGenerators)], MaxTest = 500)]
public class EligibilityRulesProperties
{
    [Property]
    public void The_result_does_not_depend_on_the_order_of_the_periods(BenefitHistory history)
    {
        var shuffled = history.Permutation.Select(i => history.Periods[i]).ToArray();

        EligibilityRules.Evaluate(shuffled, history.Start, history.End)
            .ShouldBe(EligibilityRules.Evaluate(history.Periods, history.Start, history.End));
    }

    /// <summary>Checks the rules against a day-by-day model: cover lasts while every next day is in some period.</summary>
    [Property]
    public void The_result_matches_a_day_by_day_walk(BenefitHistory history)
    {
        var result = EligibilityRules.Evaluate(history.Periods, history.Start, history.End);

        var atStart = history.Periods.Where(p => p.Covers(history.Start)).ToList();
        result.IsEligible.ShouldBe(atStart.Count > 0);
        if (atStart.Count == 0)
        {
            return;
        }

        DateOnly? coveredUntil = history.Start;
        while (coveredUntil is { } day && history.Periods.Any(p => p.Covers(day.AddDays(1))))
        {
            coveredUntil = history.Periods.Any(p => p.To is null && p.From <= day.AddDays(1)) ? null : day.AddDays(1);
        }

        result.CoveredUntil.ShouldBe(coveredUntil);
        result.CoversWholePeriod.ShouldBe(coveredUntil is null || coveredUntil >= history.End);
        atStart.Select(p => p.Kind).ShouldContain(result.Benefit!.Value);
        var longest = atStart.Max(p => p.To ?? DateOnly.MaxValue);
        atStart.Where(p => (p.To ?? DateOnly.MaxValue) == longest).Select(p => p.Kind).ShouldContain(result.Benefit.Value);
    }
}
