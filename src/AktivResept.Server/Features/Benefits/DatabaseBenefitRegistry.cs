using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Benefits;

public sealed class DatabaseBenefitRegistry(AktivDbContext db, NationalIdLookupHash lookupHash) : IBenefitRegistry
{
    public async Task<IReadOnlyList<BenefitPeriod>> PeriodsForAsync(Fodselsnummer person, CancellationToken cancellationToken)
    {
        var hash = lookupHash.Of(person);
        var rows = await db.BenefitPeriods.AsNoTracking().Where(b => b.NationalIdHash == hash).ToListAsync(cancellationToken);
        return rows.Select(r => r.ToDomain()).ToList();
    }
}
