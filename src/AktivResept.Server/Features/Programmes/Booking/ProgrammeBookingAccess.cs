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

    /// <summary>The programme, any for a participant (the timetable is public) or one the caller manages; 404 otherwise.</summary>
    public async Task<Outcome<Programme>> ProgrammeAsync(CurrentUser user, Guid programmeId, string resource, string action, CancellationToken ct)
    {
        if (await RefusedRoleAsync(user, resource, action, ct) is { } refused)
        {
            return refused;
        }

        var caller = await CallerAsync(user, ct);
        if (await Find(db, programmeId, user.Role == Roles.Participant, caller.Kommunenummer, caller.ProviderId, ct) is not { } found)
        {
            await audit.DeniedAsync(user, resource, action, ct);
            return Failure.NotFound();
        }

        return found;
    }

    /// <summary>
    /// The programmes the caller may book in, as a test on a programme already read: any for a participant (the timetable is
    /// public), those they manage for staff (<see cref="ProgrammeAccess.IsManagedBy"/>, the rule <see cref="Find"/> runs
    /// in SQL). A new booking's programme and session are read under the booking's locks (<see cref="IBookingWriter"/>),
    /// which apply this test; the role is checked here, first.
    /// </summary>
    public async Task<Outcome<Func<Programme, bool>>> BookingScopeAsync(CurrentUser user, string resource, string action, CancellationToken ct)
    {
        if (await RefusedRoleAsync(user, resource, action, ct) is { } refused)
        {
            return refused;
        }

        if (user.Role == Roles.Participant)
        {
            return new Func<Programme, bool>(_ => true);
        }

        var caller = await CallerAsync(user, ct);
        var (kommunenummer, provider) = (caller.Kommunenummer, caller.ProviderId);
        return new Func<Programme, bool>(p => ProgrammeAccess.IsManagedBy(p, kommunenummer, provider));
    }

    private async Task<Failure?> RefusedRoleAsync(CurrentUser user, string resource, string action, CancellationToken ct)
    {
        if (user.Is(BookingRoles))
        {
            return null;
        }

        await audit.DeniedAsync(user, resource, action, ct);
        return Failure.Of(ProgrammeErrorCodes.BookingRole);
    }

    /// <summary>
    /// <see cref="ProgrammeAsync"/>'s read, compiled once (translating it per request was a twentieth of the app's CPU when
    /// it was the booking path's first query, docs/benchmarks.md booking round 6).
    /// </summary>
    private static readonly Func<AktivDbContext, Guid, bool, string?, Guid?, CancellationToken, Task<Programme?>> Find =
        EF.CompileAsyncQuery(QueryRules.Inline<Func<AktivDbContext, Guid, bool, string?, Guid?, CancellationToken, Programme?>>(
            (db, programmeId, anyProgramme, kommunenummer, provider, ct) => db.Programmes.AsNoTracking()
                .FirstOrDefault(p => p.Id == programmeId && (anyProgramme || ProgrammeAccess.IsManagedBy(p, kommunenummer, provider)))));

    /// <summary>A booking of the programme's session the caller may act on: their own (participant) or any (staff).</summary>
    public async Task<ProgrammeBooking?> BookingAsync(CurrentUser user, Guid programmeId, Guid sessionId, Guid bookingId, CancellationToken ct)
    {
        var caller = await CallerAsync(user, ct);
        var bookings = user.Role == Roles.Participant ? access.OwnBookings(caller) : db.ProgrammeBookings;
        return await bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId && b.SessionId == sessionId && b.ProgrammeId == programmeId, ct);
    }
}
