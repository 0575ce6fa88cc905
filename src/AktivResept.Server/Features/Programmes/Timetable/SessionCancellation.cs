using System.Globalization;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Timetable;

/// <summary>
/// Cancelling one date with a reason. Under the session's row lock (the lock every booking takes), the session is
/// marked cancelled, every open booking and queue place becomes <see cref="BookingStatus.SessionCancelled"/>, and each
/// person booked or waiting gets one inbox message — programme, date, time, place and reason, nothing about health — with
/// an SMS that only says there is a message, in the same transaction, so nobody is told twice and nobody is missed.
/// </summary>
public sealed class SessionCancellation(AktivDbContext db, ProgrammeAccess access, AuditLog audit, TimeProvider clock, Notices notices)
{
    public const int MaxReason = 500;

    private static readonly BookingStatus[] Told = [BookingStatus.Booked, BookingStatus.Waiting, BookingStatus.Offered];

    public async Task<Outcome<CancelledSessionView>> CancelAsync(CurrentUser user, Guid programmeId, Guid sessionId, CancelSessionRequest request, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var managed = access.Managed(caller).Select(p => p.Id);
        if (!await db.ProgrammeSessions.AnyAsync(s => s.Id == sessionId && s.ProgrammeId == programmeId && managed.Contains(s.ProgrammeId), ct))
        {
            await audit.DeniedAsync(user, $"ProgrammeSession/{sessionId}", AuditAction.Update, ct);
            return Failure.NotFound();
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReason)
        {
            return Failure.Invalid("reason", ErrorCodes.RequiredMaxLength.With(("max", MaxReason)));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var cancelled = await CancelWithinAsync(user, programmeId, sessionId, reason, clock.GetUtcNow(), ct);
        if (cancelled.Refused is { } refused)
        {
            await transaction.RollbackAsync(ct);
            await audit.RefusedAsync(user, $"ProgrammeSession/{sessionId}", AuditAction.Update, null, ct);
            return Failure.Of(refused);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var session = cancelled.Session!;
        var series = await db.ProgrammeSeries.AsNoTracking().FirstAsync(s => s.Id == session.SeriesId, ct);
        var location = await db.Locations.AsNoTracking().Where(l => l.Id == session.LocationId).Select(l => l.Name).FirstAsync(ct);
        var instructor = await db.Trainers.Where(t => t.Id == session.InstructorTrainerId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        return new CancelledSessionView(SeriesPlanning.ToStaffView(session, series.Title, session.Activity, location, instructor), cancelled.Notified);
    }

    /// <summary>
    /// Cancels one date inside the caller's transaction (which saves and commits): under the session's row lock the
    /// session is marked, its open bookings end, each person booked or waiting gets one SMS and every change its audit
    /// row. Also the path <see cref="ProgrammeEnding"/> takes for each date after a programme's end.
    /// </summary>
    internal async Task<CancelledWithin> CancelWithinAsync(CurrentUser user, Guid programmeId, Guid sessionId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "ProgrammeSessions" WHERE "Id" = {sessionId} FOR UPDATE""", ct);
        }

        var session = await db.ProgrammeSessions.FirstAsync(s => s.Id == sessionId, ct);
        var refused = session.IsCancelled ? ProgrammeErrorCodes.SessionAlreadyCancelled.With(("date", session.Date))
            : session.StartsAt <= now ? ProgrammeErrorCodes.SessionAlreadyStarted.With(("date", session.Date))
            : null;
        if (refused is not null)
        {
            return new CancelledWithin(refused, null, 0);
        }

        var series = await db.ProgrammeSeries.AsNoTracking().FirstAsync(s => s.Id == session.SeriesId, ct);
        var programme = await db.Programmes.AsNoTracking().FirstAsync(p => p.Id == programmeId, ct);
        var location = await db.Locations.AsNoTracking().Where(l => l.Id == session.LocationId).Select(l => new { l.Name, l.Address }).FirstAsync(ct);
        var bookings = await db.ProgrammeBookings.Where(b => b.SessionId == sessionId && Told.Contains(b.Status)).ToListAsync(ct);

        session.CancelledAt = now;
        session.CancelledBy = user.Subject;
        session.CancellationReason = reason;
        session.Booked = 0;
        session.Waiting = 0;
        foreach (var booking in bookings)
        {
            booking.Status = BookingStatus.SessionCancelled;
            booking.StatusChangedAt = now;
            booking.StatusChangedBy = user.Subject;
            booking.OfferExpiresAt = null;
            booking.Version++;
            audit.Add(user, $"ProgrammeBooking/{booking.Id}", AuditAction.Update, AuditOutcome.Success, booking.PersonId);
        }

        var cancelled = new SessionCancelledData(session.Id, programme.Name, series.Title, session.StartsAt, location.Name, session.Room, reason);
        var told = bookings.Select(b => b.PersonId).Distinct().ToList();
        foreach (var person in told)
        {
            await notices.PostAsync(InboxNotice.Of(RecipientKind.Participant, person, PrescriptionEventType.SessionCancelled, cancelled) with { Nudge = MessageChannel.Sms }, ct);
        }

        audit.Add(user, $"ProgrammeSession/{sessionId}", AuditAction.Update, AuditOutcome.Success);
        return new CancelledWithin(null, session, told.Count);
    }
}

/// <summary>What cancelling one date inside a transaction did: refused (and why), or the session and how many people were told.</summary>
internal sealed record CancelledWithin(Error? Refused, ProgrammeSession? Session, int Notified);
