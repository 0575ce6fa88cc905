using System.Linq.Expressions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Data.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// The caller as programmes know them: the municipality they coordinate (payer id and kommunenummer), the gym they
/// administer, the trainer they are, or the person they are. At most one is set, by the token's role.
/// </summary>
public sealed record ProgrammeCaller(Guid? MunicipalityPayerId, string? Kommunenummer, Guid? ProviderId, Guid? TrainerId, Guid? PersonId, string Subject)
{
    public bool IsStaff => Kommunenummer is not null || ProviderId is not null;
}

/// <summary>
/// Who may do what with «Aktiv på dagtid» (need-to-know, <c>docs/adr/0006-access-module.md</c>): a municipality
/// coordinator manages every programme for their municipality's residents (also those gyms run under contract or on
/// state funding, since they answer for the offer in their municipality); a gym admin manages the programmes their gym
/// runs; an instructor sees the sessions they lead and the people booked on them; a person sees their own bookings.
/// Everything else is "not found".
/// </summary>
public sealed class ProgrammeAccess(AktivDbContext db, CallerRelationships callers, IMemoryCache cache)
{
    // A municipality payer's kommunenummer never changes once the payer exists (as CallerRelationships caches ids).
    private static readonly MemoryCacheEntryOptions KommunenummerEntry = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };

    public async Task<ProgrammeCaller> CallerAsync(CurrentUser user, CancellationToken ct)
    {
        var identity = await callers.ResolveAsync(user, ct);
        var municipality = await callers.MunicipalityOfAsync(user, ct);
        var kommunenummer = municipality is { } payer ? await KommunenummerOfAsync(payer, ct) : null;
        return new ProgrammeCaller(municipality, kommunenummer, identity.ProviderId, identity.TrainerId, identity.PersonId, user.Subject);
    }

    private async Task<string?> KommunenummerOfAsync(Guid payer, CancellationToken ct)
    {
        var key = $"payer-kommunenummer:{payer}";
        if (cache.TryGetValue(key, out string? known))
        {
            return known;
        }

        var found = await db.Payers.Where(p => p.Id == payer).Select(p => p.Kommunenummer).FirstOrDefaultAsync(ct);
        if (found is not null)
        {
            cache.Set(key, found, KommunenummerEntry);
        }

        return found;
    }

    /// <summary>
    /// The rule, once: a programme is managed by the coordinator of its municipality and by the admin of the gym that
    /// runs it. Queries use it through <see cref="IsManagedBy"/> (<see cref="QueryRules.Inline{T}"/>), compiled ones too.
    /// </summary>
    private static readonly Expression<Func<Programme, string?, Guid?, bool>> ManagedRule = (p, kommunenummer, provider) =>
        (kommunenummer != null && p.Kommunenummer == kommunenummer) || (provider != null && p.ProviderId == provider);

    private static readonly Func<Programme, string?, Guid?, bool> ManagedCheck = ManagedRule.Compile();

    /// <summary>Whether the municipality (kommunenummer) or gym (provider id) manages the programme.</summary>
    [QueryRule(nameof(ManagedRule))]
    public static bool IsManagedBy(Programme programme, string? kommunenummer, Guid? provider) => ManagedCheck(programme, kommunenummer, provider);

    /// <summary>The programmes the caller manages (timetable, bookings on behalf, fill rates); empty for anyone but staff.</summary>
    public IQueryable<Programme> Managed(ProgrammeCaller caller)
    {
        var kommunenummer = caller.Kommunenummer;
        var provider = caller.ProviderId;
        return db.Programmes.Where(QueryRules.Inline<Func<Programme, bool>>(p => IsManagedBy(p, kommunenummer, provider)));
    }

    /// <summary>The sessions the caller leads as instructor; empty unless the caller is a trainer.</summary>
    public IQueryable<ProgrammeSession> Instructed(ProgrammeCaller caller)
    {
        var trainer = caller.TrainerId;
        return db.ProgrammeSessions.Where(s => trainer != null && s.InstructorTrainerId == trainer);
    }

    /// <summary>The sessions the caller may see the participant list of: those of programmes they manage, or lead.</summary>
    public IQueryable<ProgrammeSession> WithParticipantsVisible(ProgrammeCaller caller)
    {
        var managed = Managed(caller).Select(p => p.Id);
        var trainer = caller.TrainerId;
        return db.ProgrammeSessions.Where(s => managed.Contains(s.ProgrammeId) || (trainer != null && s.InstructorTrainerId == trainer));
    }

    /// <summary>The caller's own bookings; empty unless the caller is a participant known to us.</summary>
    public IQueryable<ProgrammeBooking> OwnBookings(ProgrammeCaller caller)
    {
        var person = caller.PersonId;
        return db.ProgrammeBookings.Where(b => person != null && b.PersonId == person);
    }
}
