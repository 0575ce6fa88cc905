using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AktivResept.Server.Common.Access;

/// <summary>Who the caller is in our data: the referrer, person, provider or trainer their token identifies.</summary>
public sealed record CallerIdentity(Guid? ReferrerId, Guid? PersonId, Guid? ProviderId, Guid? TrainerId);

/// <summary>
/// Resolves a token to the records it may act for. The mapping from an HPR number, organisation number or national-id
/// hash to our record id never changes once the record exists, so found ids are cached in memory (a round trip saved on
/// every request); "not found yet" is never cached, so a record created later is seen at once.
/// </summary>
public sealed class CallerRelationships(AktivDbContext db, NationalIdLookupHash lookupHash, IMemoryCache cache)
{
    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };

    private CallerIdentity? _resolved;

    public async Task<CallerIdentity> ResolveAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        Guid? referrer = null, person = null, provider = null, trainer = null;
        switch (user.Role)
        {
            case Roles.Referrer or Roles.Ehr when user.Hpr is { } hpr:
                referrer = await CachedAsync($"referrer:{hpr.Value}", () =>
                    db.Referrers.Where(r => r.Hpr == hpr.Value).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken));
                break;
            case Roles.Participant when user.NationalId is { } fnr:
                var hash = lookupHash.Of(fnr);
                person = await CachedAsync($"person:{hash}", () =>
                    db.People.Where(p => p.NationalIdHash == hash).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken));
                break;
            case Roles.ProviderAdmin when user.Organisation is { } org:
                provider = await CachedAsync($"provider:{org.Value}", () =>
                    db.Providers.Where(p => p.OrganisationNumber == org.Value).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken));
                break;
            case Roles.Trainer when user.NationalId is { } fnr:
                var trainerHash = lookupHash.Of(fnr);
                trainer = await CachedAsync($"trainer:{trainerHash}", () =>
                    db.Trainers.Where(t => t.NationalIdHash == trainerHash).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken));
                break;
        }

        return _resolved = new CallerIdentity(referrer, person, provider, trainer);
    }

    /// <summary>The provider a provider admin acts for; null for every other role or an unknown organisation.</summary>
    public async Task<Guid?> ProviderOfAsync(CurrentUser user, CancellationToken cancellationToken) =>
        user.Role == Roles.ProviderAdmin ? (await ResolveAsync(user, cancellationToken)).ProviderId : null;

    /// <summary>The payer a payer caseworker acts for; null for every other role or an unknown organisation.</summary>
    public async Task<Guid?> PayerOfAsync(CurrentUser user, CancellationToken cancellationToken) =>
        user.Role == Roles.Payer && user.Organisation is { } org
            ? await db.Payers.Where(p => p.OrganisationNumber == org.Value).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken)
            : null;

    /// <summary>
    /// The municipality payer a municipality coordinator (frisklivssentral) acts for, by the organisation number on the
    /// token; null for every other role, or an organisation that is not a municipality payer.
    /// </summary>
    public async Task<Guid?> MunicipalityOfAsync(CurrentUser user, CancellationToken cancellationToken) =>
        user.Role == Roles.Municipality && user.Organisation is { } org
            ? await db.Payers.Where(p => p.OrganisationNumber == org.Value && p.Kind == PayerKind.Municipality).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken)
            : null;

    private async Task<Guid?> CachedAsync(string key, Func<Task<Guid?>> load)
    {
        if (cache.TryGetValue(key, out Guid id))
        {
            return id;
        }

        var found = await load();
        if (found is { } value)
        {
            cache.Set(key, value, Entry);
        }

        return found;
    }
}
