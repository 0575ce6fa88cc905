using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;

namespace AktivResept.Server.Features.Benefits;

/// <summary>The national benefits registry (NAV) behind a small adapter; the built-in one reads our own table.</summary>
public interface IBenefitRegistry
{
    Task<IReadOnlyList<BenefitPeriod>> PeriodsForAsync(Fodselsnummer person, CancellationToken cancellationToken);

    /// <summary>
    /// Several people's periods, by national id (<see cref="Fodselsnummer.Value"/>); everyone asked has an entry. The
    /// booking writers ask for a batch's people at once (<c>PostgresBookingBatches</c>); an adapter without a bulk call
    /// asks one by one.
    /// </summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyList<BenefitPeriod>>> PeriodsForAsync(
        IReadOnlyCollection<Fodselsnummer> people, CancellationToken cancellationToken)
    {
        var periods = new Dictionary<string, IReadOnlyList<BenefitPeriod>>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            periods[person.Value] = await PeriodsForAsync(person, cancellationToken);
        }

        return periods;
    }
}
