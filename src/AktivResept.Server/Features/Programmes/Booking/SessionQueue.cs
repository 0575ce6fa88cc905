using AktivResept.Domain.Programmes;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>
/// A session's places and queue under its row lock. Every change to <see cref="ProgrammeSession.Booked"/> and
/// <see cref="ProgrammeSession.Waiting"/> happens after <see cref="LockAsync"/> in the caller's transaction (PostgreSQL
/// <c>SELECT … FOR UPDATE</c>; SQLite's write transaction serialises writers), so capacity is enforced by the database
/// and queue numbers come out in commit order — never count-then-insert.
/// </summary>
public sealed class SessionQueue(AktivDbContext db, TimeProvider clock, IOptions<ProgrammeBookingOptions> options, Notices notices)
{
    /// <summary>The session, tracked and locked until the caller's transaction ends; null if it does not exist.</summary>
    public async Task<ProgrammeSession?> LockAsync(Guid sessionId, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? await db.ProgrammeSessions.FromSqlInterpolated($"""SELECT * FROM "ProgrammeSessions" WHERE "Id" = {sessionId} FOR UPDATE""").SingleOrDefaultAsync(ct)
            : await db.ProgrammeSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct);

    public static SessionPlaces Places(ProgrammeSession session) => new(session.Capacity, session.Booked, session.Waiting, session.NextQueueNumber);

    public static void Apply(ProgrammeSession session, SessionPlaces places)
    {
        session.Booked = places.Booked;
        session.Waiting = places.Waiting;
        session.NextQueueNumber = places.NextQueueNumber;
    }

    /// <summary>
    /// Gives a freed place of the locked session to the first in the queue: their booking becomes
    /// <see cref="BookingStatus.Offered"/> until the confirm deadline (never past the start), and they get an inbox message
    /// naming the class, time, place and deadline with the way to «Mine timer», and an SMS that only says there is a
    /// message. Nothing happens once the session has started.
    /// </summary>
    public async Task<ProgrammeBooking?> OfferFreedPlaceAsync(ProgrammeSession session, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var places = Places(session);
        if (!places.ShouldPromote || session.IsCancelled || session.StartsAt <= now)
        {
            return null;
        }

        var next = await db.ProgrammeBookings
            .Where(b => b.SessionId == session.Id && b.Status == BookingStatus.Waiting)
            .OrderBy(b => b.QueueNumber).FirstOrDefaultAsync(ct);
        if (next is null)
        {
            return null;
        }

        Apply(session, places.OfferToFirstInQueue());
        var deadline = now.AddMinutes(Math.Max(1, options.Value.OfferDeadlineMinutes));
        next.Status = BookingStatus.Offered;
        next.OfferExpiresAt = deadline < session.StartsAt ? deadline : session.StartsAt;
        next.StatusChangedAt = now;
        next.StatusChangedBy = actor;
        next.Version++;
        await NotifyOfferAsync(next, session, ct);
        return next;
    }

    private async Task NotifyOfferAsync(ProgrammeBooking booking, ProgrammeSession session, CancellationToken ct)
    {
        var title = await db.ProgrammeSeries.Where(s => s.Id == session.SeriesId).Select(s => s.Title).FirstOrDefaultAsync(ct) ?? "Aktiv på dagtid";
        var place = await db.Locations.Where(l => l.Id == session.LocationId).Select(l => l.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        var offer = new SessionOfferData(session.Id, booking.Id, title, session.StartsAt, place, session.Room, booking.OfferExpiresAt!.Value);
        // Written in this transaction: the message and its SMS exist once the offer commits, never before.
        await notices.PostAsync(InboxNotice.Of(RecipientKind.Participant, booking.PersonId, PrescriptionEventType.SessionOffer, offer) with { Nudge = MessageChannel.Sms }, ct);
    }
}
