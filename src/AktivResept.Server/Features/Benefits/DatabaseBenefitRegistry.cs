using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Benefits;

public sealed class DatabaseBenefitRegistry(AktivDbContext db, NationalIdLookupHash lookupHash) : IBenefitRegistry
{
    /// <summary>Compiled once: every eligibility check and booking asks, and the translation cost more than the query.</summary>
    private static readonly Func<AktivDbContext, string, IAsyncEnumerable<BenefitPeriodRecord>> PeriodsOf =
        EF.CompileAsyncQuery((AktivDbContext db, string hash) => db.BenefitPeriods.AsNoTracking().Where(b => b.NationalIdHash == hash));

    public async Task<IReadOnlyList<BenefitPeriod>> PeriodsForAsync(Fodselsnummer person, CancellationToken cancellationToken)
    {
        var periods = new List<BenefitPeriod>();
        await foreach (var row in PeriodsOf(db, lookupHash.Of(person)).WithCancellation(cancellationToken))
        {
            periods.Add(row.ToDomain());
        }

        return periods;
    }
}
