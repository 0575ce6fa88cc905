using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AktivResept.Server.Common.Access;

/// <summary>Who the caller is in our data: the referrer, person, provider or trainer their token identifies.</summary>
public sealed record CallerIdentity(Guid? ReferrerId, Guid? PersonId, Guid? ProviderId, Guid? TrainerId)
{
    /// <summary>
    /// For a referrer: the same health professional's referrer records at other organisations (an earlier practice).
    /// Their prescriptions are the caller's only where a care relationship says so (<see cref="PrescriptionScope"/>).
    /// </summary>
    public IReadOnlyList<Guid> SameHprElsewhere { get; init; } = [];
}

/// <summary>
/// Resolves a token to the records it may act for. The mapping from an (HPR, organisation) pair, organisation number
/// or national-id hash to our record id never changes once the record exists, so found ids are cached in memory (a round trip saved on
/// every request); "not found yet" is never cached, so a record created later is seen at once.
/// </summary>
public sealed class CallerRelationships(AktivDbContext db, NationalIdLookupHash lookupHash, IMemoryCache cache, TimeProvider clock)
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
        IReadOnlyList<Guid> elsewhere = [];
        switch (user.Role)
        {
            // A referrer is (HPR, organisation) as HelseID issues them; a token without an organisation is no referrer.
            case Roles.Referrer or Roles.Ehr when user.Hpr is { } hpr && user.Organisation is { } org:
                (referrer, elsewhere) = await ReferrerRolesAsync(hpr.Value, org.Value, cancellationToken);
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
                trainer = await TrainerOfAsync(fnr, cancellationToken);
                // A trainer acting for a named gym (a shared position chose it) is that gym's trainer only while the
                // position lasts; a token without an organisation is the trainer wherever they are assigned.
                if (trainer is { } id && user.Organisation is { } gym && !await HoldsPositionAsync(id, gym.Value, PositionKind.Gym, cancellationToken))
                {
                    trainer = null;
                }

                break;
        }

        return _resolved = new CallerIdentity(referrer, person, provider, trainer) { SameHprElsewhere = elsewhere };
    }

    /// <summary>
    /// The caller's referrer record at this organisation and the same HPR's records elsewhere, in one round trip. Cached
    /// only once the own record exists; a record added elsewhere later is then missed until the entry expires, which
    /// can only hide prescriptions, never show one.
    /// </summary>
    private async Task<(Guid? Own, IReadOnlyList<Guid> Elsewhere)> ReferrerRolesAsync(string hpr, string org, CancellationToken cancellationToken)
    {
        var key = $"referrer:{hpr}:{org}";
        if (cache.TryGetValue(key, out (Guid Own, Guid[] Elsewhere) known))
        {
            return (known.Own, known.Elsewhere);
        }

        var roles = await db.Referrers.Where(r => r.Hpr == hpr).Select(r => new { r.Id, r.OrganisationNumber }).ToListAsync(cancellationToken);
        var own = roles.Where(r => r.OrganisationNumber == org).Select(r => (Guid?)r.Id).FirstOrDefault();
        var elsewhere = roles.Where(r => r.OrganisationNumber != org).Select(r => r.Id).ToArray();
        if (own is { } id)
        {
            cache.Set(key, (id, elsewhere), Entry);
        }

        return (own, elsewhere);
    }

    /// <summary>The provider a provider admin acts for; null for every other role or an unknown organisation.</summary>
    public async Task<Guid?> ProviderOfAsync(CurrentUser user, CancellationToken cancellationToken) =>
        user.Role == Roles.ProviderAdmin ? (await ResolveAsync(user, cancellationToken)).ProviderId : null;

    /// <summary>The payer a payer caseworker acts for; null for every other role or an unknown organisation.</summary>
    public async Task<Guid?> PayerOfAsync(CurrentUser user, CancellationToken cancellationToken) =>
        user.Role == Roles.Payer && user.Organisation is { } org
            ? await CachedAsync($"payer:{org.Value}", () =>
                db.Payers.Where(p => p.OrganisationNumber == org.Value).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken))
            : null;

    /// <summary>
    /// The municipality payer a municipality coordinator (frisklivssentral) acts for, by the organisation number on the
    /// token; null for every other role, or an organisation that is not a municipality payer.
    /// </summary>
    /// <remarks>
    /// A person signed in with their national id (a shared position's holder) acts for the municipality only through an
    /// active municipal position there; the organisation's own token (no national id) is the municipality as before.
    /// </remarks>
    public async Task<Guid?> MunicipalityOfAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        if (user.Role != Roles.Municipality || user.Organisation is not { } org)
        {
            return null;
        }

        if (user.NationalId is { } fnr &&
            (await TrainerOfAsync(fnr, cancellationToken) is not { } person || !await HoldsPositionAsync(person, org.Value, PositionKind.Municipality, cancellationToken)))
        {
            return null;
        }

        // The position above is checked on every request; the organisation's payer record never changes once it exists.
        return await CachedAsync($"municipality:{org.Value}", () =>
            db.Payers.Where(p => p.OrganisationNumber == org.Value && p.Kind == PayerKind.Municipality).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken));
    }

    /// <summary>The provider a trainer acts for when their token names a gym (a shared position); null otherwise.</summary>
    public async Task<Guid?> TrainerGymOfAsync(CurrentUser user, CancellationToken cancellationToken) =>
        user.Role == Roles.Trainer && user.Organisation is { } org && (await ResolveAsync(user, cancellationToken)).TrainerId is not null
            ? await CachedAsync($"provider:{org.Value}", () =>
                db.Providers.Where(p => p.OrganisationNumber == org.Value).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken))
            : null;

    private Task<Guid?> TrainerOfAsync(Domain.Identifiers.Fodselsnummer fnr, CancellationToken cancellationToken)
    {
        var hash = lookupHash.Of(fnr);
        return CachedAsync($"trainer:{hash}", () =>
            db.Trainers.Where(t => t.NationalIdHash == hash).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken));
    }

    /// <summary>Not cached: a position starts and ends with the calendar.</summary>
    private Task<bool> HoldsPositionAsync(Guid trainerId, string org, PositionKind kind, CancellationToken cancellationToken)
    {
        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        return db.TrainerRoles.AnyAsync(r => r.TrainerId == trainerId && r.OrganisationNumber == org && r.Kind == kind &&
                                             r.ValidFrom <= today && (r.ValidTo == null || r.ValidTo >= today), cancellationToken);
    }

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
