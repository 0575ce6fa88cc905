using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Booking;

public sealed record SessionBookingRow(
    Guid Id, Guid PersonId, string Name, BookingStatus Status, long? QueueNumber, DateTimeOffset? OfferExpiresAt, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A session's participant list and waiting list (in queue order), with its counters.</summary>
public sealed record SessionBookingsView(
    Guid SessionId, Guid ProgrammeId, DateOnly Date, DateTimeOffset StartsAt, int Capacity, int Booked, int Waiting, bool Cancelled,
    IReadOnlyList<SessionBookingRow> Bookings, IReadOnlyList<SessionBookingRow> WaitingList);

/// <summary>The person's own bookings; staff's view of a session's bookings and waiting list. Every row read is audited.</summary>
public sealed class BookingReads(AktivDbContext db, ProgrammeAccess programmes, ProgrammeBookingAccess access, AuditLog audit)
{
    public async Task<Outcome<IReadOnlyList<BookingView>>> MineAsync(CurrentUser user, Guid? programmeId, CancellationToken ct)
    {
        if (!user.Is(Roles.Participant))
        {
            await audit.DeniedAsync(user, "ProgrammeBooking", AuditAction.Search, ct);
            return Failure.Of(ProgrammeErrorCodes.BookingRole);
        }

        var caller = await access.CallerAsync(user, ct);
        var rows = await programmes.OwnBookings(caller).AsNoTracking()
            .Where(b => programmeId == null || b.ProgrammeId == programmeId)
            .Join(db.ProgrammeSessions, b => b.SessionId, s => s.Id, (b, s) => new { b, s })
            .OrderByDescending(x => x.s.StartsAt).Take(500)
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            audit.Add(user, $"ProgrammeBooking/{row.b.Id}", AuditAction.Read, AuditOutcome.Success, row.b.PersonId);
        }

        await audit.SaveAsync(ct);
        return rows.OrderBy(x => x.s.StartsAt).Select(x => SessionBookings.View(x.b, x.s)).ToList();
    }

    /// <summary>Staff of the programme (or the session's instructor): who is booked and who waits, in queue order.</summary>
    public async Task<Outcome<SessionBookingsView>> SessionAsync(CurrentUser user, Guid programmeId, Guid sessionId, CancellationToken ct)
    {
        var resource = $"ProgrammeSession/{sessionId}/bookings";
        var caller = await access.CallerAsync(user, ct);
        var session = await programmes.WithParticipantsVisible(caller).AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.ProgrammeId == programmeId, ct);
        if (session is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var rows = await db.ProgrammeBookings.AsNoTracking().Where(b => b.SessionId == sessionId)
            .Join(db.People, b => b.PersonId, p => p.Id, (b, p) => new { b, Name = p.GivenName + " " + p.FamilyName })
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            audit.Add(user, $"ProgrammeBooking/{row.b.Id}", AuditAction.Read, AuditOutcome.Success, row.b.PersonId);
        }

        await audit.SaveAsync(ct);
        var all = rows.Select(r => new SessionBookingRow(r.b.Id, r.b.PersonId, r.Name, r.b.Status, r.b.QueueNumber, r.b.OfferExpiresAt, r.b.CreatedAt, r.b.CreatedBy)).ToList();
        return new SessionBookingsView(
            session.Id, session.ProgrammeId, session.Date, session.StartsAt, session.Capacity, session.Booked, session.Waiting, session.IsCancelled,
            [.. all.Where(r => r.Status != BookingStatus.Waiting).OrderBy(r => r.CreatedAt)],
            [.. all.Where(r => r.Status == BookingStatus.Waiting).OrderBy(r => r.QueueNumber)]);
    }
}
