using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Data.Queries;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>
/// The booking slice's use of <see cref="ProgrammeAccess"/>: a participant acts on any programme for themself (the
/// timetable is public) and only on their own bookings; a coordinator or gym admin on the programmes they manage, for
/// anyone. Other roles are refused (403); an unknown or not-managed programme is 404, audited as denied.
/// </summary>
public sealed class ProgrammeBookingAccess(AktivDbContext db, ProgrammeAccess access, AuditLog audit)
{
    private static readonly string[] BookingRoles = [Roles.Participant, Roles.Municipality, Roles.ProviderAdmin];

    private ProgrammeCaller? _caller;

    public async Task<ProgrammeCaller> CallerAsync(CurrentUser user, CancellationToken ct) => _caller ??= await access.CallerAsync(user, ct);

    public async Task<Outcome<Programme>> ProgrammeAsync(CurrentUser user, Guid programmeId, string resource, string action, CancellationToken ct)
    {
        var found = await ProgrammeAndSessionAsync(user, programmeId, null, resource, action, ct);
        return found.Succeeded ? found.Value.Programme : found.AsFailure();
    }

    /// <summary>
    /// <see cref="ProgrammeAsync"/> and, when <paramref name="sessionId"/> is given, that session of the programme (null if
    /// it has none by that id), read in one round trip: the booking path's first read.
    /// </summary>
    public async Task<Outcome<(Programme Programme, ProgrammeSession? Session)>> ProgrammeAndSessionAsync(
        CurrentUser user, Guid programmeId, Guid? sessionId, string resource, string action, CancellationToken ct)
    {
        if (!user.Is(BookingRoles))
        {
            await audit.DeniedAsync(user, resource, action, ct);
            return Failure.Of(ProgrammeErrorCodes.BookingRole);
        }

        var caller = await CallerAsync(user, ct);
        var found = await Find(db, programmeId, sessionId, user.Role == Roles.Participant, caller.Kommunenummer, caller.ProviderId, ct);
        if (found is null)
        {
            await audit.DeniedAsync(user, resource, action, ct);
            return Failure.NotFound();
        }

        return (found.Programme, found.Session);
    }

    /// <summary>
    /// <see cref="ProgrammeAndSessionAsync"/>'s read, compiled once (the booking path's first query; translating it per
    /// booking was a twentieth of the app's CPU, docs/benchmarks.md booking round 6): the programme, any for a participant
    /// (the timetable is public) or one the caller manages (<see cref="ProgrammeAccess.IsManagedBy"/>), and the session.
    /// A left join, not a correlated sub-select: SQLite cannot translate the latter (it needs APPLY).
    /// </summary>
    private static readonly Func<AktivDbContext, Guid, Guid?, bool, string?, Guid?, CancellationToken, Task<Found?>> Find =
        EF.CompileAsyncQuery(QueryRules.Inline<Func<AktivDbContext, Guid, Guid?, bool, string?, Guid?, CancellationToken, Found?>>(
            (db, programmeId, sessionId, anyProgramme, kommunenummer, provider, ct) => (
                from p in db.Programmes.AsNoTracking().Where(p => p.Id == programmeId && (anyProgramme || ProgrammeAccess.IsManagedBy(p, kommunenummer, provider)))
                join s in db.ProgrammeSessions.AsNoTracking().Where(s => sessionId != null && s.Id == sessionId) on p.Id equals s.ProgrammeId into sessions
                from s in sessions.DefaultIfEmpty()
                select new Found(p, s))
            .FirstOrDefault()));

    private sealed record Found(Programme Programme, ProgrammeSession? Session);

    /// <summary>A booking of the programme's session the caller may act on: their own (participant) or any (staff).</summary>
    public async Task<ProgrammeBooking?> BookingAsync(CurrentUser user, Guid programmeId, Guid sessionId, Guid bookingId, CancellationToken ct)
    {
        var caller = await CallerAsync(user, ct);
        var bookings = user.Role == Roles.Participant ? access.OwnBookings(caller) : db.ProgrammeBookings;
        return await bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId && b.SessionId == sessionId && b.ProgrammeId == programmeId, ct);
    }
}
