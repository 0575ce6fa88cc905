using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;

namespace AktivResept.Server.Features.Benefits;

/// <summary>The national benefits registry (NAV) behind a small adapter; the built-in one reads our own table.</summary>
public interface IBenefitRegistry
{
    Task<IReadOnlyList<BenefitPeriod>> PeriodsForAsync(Fodselsnummer person, CancellationToken cancellationToken);
}
