using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;

namespace AktivResept.Server.Features.Benefits;

/// <summary>Asks the benefits registry and applies the eligibility rules for a prescription period.</summary>
public sealed class EligibilityCheck(IBenefitRegistry registry)
{
    public async Task<EligibilityResult> EvaluateAsync(Fodselsnummer person, DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        var periods = await registry.PeriodsForAsync(person, cancellationToken);
        return EligibilityRules.Evaluate(periods, start, end);
    }
}
