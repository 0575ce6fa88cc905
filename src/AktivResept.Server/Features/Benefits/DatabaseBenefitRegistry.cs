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

    /// <summary>A batch of bookings' people in one query (their hashes as one array parameter).</summary>
    private static readonly Func<AktivDbContext, string[], IAsyncEnumerable<BenefitPeriodRecord>> PeriodsOfAll =
        EF.CompileAsyncQuery((AktivDbContext db, string[] hashes) => db.BenefitPeriods.AsNoTracking().Where(b => hashes.Contains(b.NationalIdHash)));

    public async Task<IReadOnlyList<BenefitPeriod>> PeriodsForAsync(Fodselsnummer person, CancellationToken cancellationToken)
    {
        var periods = new List<BenefitPeriod>();
        await foreach (var row in PeriodsOf(db, lookupHash.Of(person)).WithCancellation(cancellationToken))
        {
            periods.Add(row.ToDomain());
        }

        return periods;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<BenefitPeriod>>> PeriodsForAsync(
        IReadOnlyCollection<Fodselsnummer> people, CancellationToken cancellationToken)
    {
        var byHash = new Dictionary<string, List<BenefitPeriod>>(StringComparer.Ordinal);
        var hashes = people.Select(p => (Person: p, Hash: lookupHash.Of(p))).ToList();
        foreach (var (_, hash) in hashes)
        {
            byHash.TryAdd(hash, []);
        }

        await foreach (var row in PeriodsOfAll(db, [.. byHash.Keys]).WithCancellation(cancellationToken))
        {
            byHash[row.NationalIdHash].Add(row.ToDomain());
        }

        var periods = new Dictionary<string, IReadOnlyList<BenefitPeriod>>(StringComparer.Ordinal);
        foreach (var (person, hash) in hashes)
        {
            periods[person.Value] = byHash[hash];
        }

        return periods;
    }
}
