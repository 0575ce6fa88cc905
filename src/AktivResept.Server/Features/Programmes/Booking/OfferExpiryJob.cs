using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>
/// Offers not confirmed by their deadline become <see cref="BookingStatus.OfferExpired"/> and the place passes to the
/// next in the queue. Per session under its row lock, so several app instances running the job (or a confirm racing
/// the deadline) settle each offer once.
/// </summary>
public sealed class OfferExpiryJob(AktivDbContext db, SessionQueue queue, AuditLog audit, TimeProvider clock) : IPeriodicJob
{
    public static readonly Actor Actor = new("programme-offer-expiry", "system");

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var sessions = await db.ProgrammeBookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Offered && b.OfferExpiresAt <= now)
            .Select(b => b.SessionId).Distinct().Take(500).ToListAsync(ct);
        foreach (var sessionId in sessions)
        {
            await ExpireAsync(sessionId, now, ct);
        }
    }

    private async Task ExpireAsync(Guid sessionId, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var session = await queue.LockAsync(sessionId, ct);
        if (session is null)
        {
            return;
        }

        var expired = await db.ProgrammeBookings
            .Where(b => b.SessionId == sessionId && b.Status == BookingStatus.Offered && b.OfferExpiresAt <= now)
            .OrderBy(b => b.QueueNumber).ToListAsync(ct);
        var correlation = Guid.NewGuid().ToString("N");
        foreach (var booking in expired)
        {
            SessionQueue.Apply(session, SessionQueue.Places(session).ReleasePlace());
            booking.Status = BookingStatus.OfferExpired;
            booking.StatusChangedAt = now;
            booking.StatusChangedBy = Actor.Id;
            booking.Version++;
            audit.Add(Actor, $"ProgrammeBooking/{booking.Id}", AuditAction.Update, AuditOutcome.Success, booking.PersonId, correlation);
            if (await queue.OfferFreedPlaceAsync(session, Actor.Id, ct) is { } next)
            {
                audit.Add(Actor, $"ProgrammeBooking/{next.Id}", AuditAction.Update, AuditOutcome.Success, next.PersonId, correlation);
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
