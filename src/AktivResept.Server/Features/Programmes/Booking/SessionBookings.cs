using System.Globalization;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>A booking: for a participant, their own; for staff, the person named. <c>waitingList: false</c> declines the queue when full.</summary>
public sealed record BookRequest(string? NationalId, bool? WaitingList);

public sealed record BookingView(
    Guid Id, Guid ProgrammeId, Guid SessionId, Guid PersonId, BookingStatus Status, long? QueueNumber, DateTimeOffset? OfferExpiresAt,
    DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset CreatedAt, DateTimeOffset StatusChangedAt);

/// <summary>
/// Booking, cancelling and confirming an offered place on one session. Person-level rules (one booking per session, no
/// overlap, the weekly limit, all across programmes) are judged under the person's row lock, and the place or queue number under
/// the session's row lock, both in one transaction: nothing is half-saved and the counters never drift.
/// </summary>
public sealed class SessionBookings(
    AktivDbContext db, ProgrammeBookingAccess access, ProgrammeParticipants participants, SessionQueue queue, IBookingWriter writer,
    AuditLog audit, NationalIdLookupHash lookupHash, TimeProvider clock, IOptions<ProgrammeBookingOptions> options)
{
    public async Task<Outcome<BookingView>> BookAsync(CurrentUser user, Guid programmeId, Guid sessionId, BookRequest request, CancellationToken ct)
    {
        // No round trip of its own on the common path (docs/benchmarks.md, booking round 9): the role is checked and the
        // caller's programmes are known without one; the writer asks the benefit registry and reads the programme, the
        // session and the person under the locks (on PostgreSQL in round trips shared with the bookings that arrive with it).
        var resource = $"ProgrammeSession/{sessionId}/bookings";
        var mayBookIn = await access.BookingScopeAsync(user, resource, AuditAction.Create, ct);
        if (!mayBookIn.Succeeded)
        {
            return mayBookIn.AsFailure();
        }

        var nationalId = participants.NationalIdOf(user, request.NationalId);
        if (!nationalId.Succeeded)
        {
            return nationalId.AsFailure();
        }

        var now = clock.GetUtcNow();
        var today = Oslo.Today(now);
        var rule = options.Value.NoShowRule;
        var booking = new ProgrammeBooking
        {
            SessionId = sessionId,
            ProgrammeId = programmeId,
            CreatedAt = now,
            CreatedBy = Who(user),
            StatusChangedAt = now,
            StatusChangedBy = Who(user),
        };
        var record = audit.Create(user, $"ProgrammeBooking/{booking.Id}", AuditAction.Create, AuditOutcome.Success);
        var fnr = nationalId.Value!;
        var judged = new BookingJudge(now, today, rule, fnr.BirthDate, request.WaitingList ?? true, options.Value);
        var attempt = new BookingAttempt(
            fnr, lookupHash.Of(fnr), programmeId, sessionId, mayBookIn.Value!, today.AddDays(-(rule.WindowDays + rule.PauseDays)), booking, record,
            hold => judged.Judge(hold, booking, record));
        var (hold, verdict, written) = await writer.RunAsync(attempt, ct);
        if (hold is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Create, ct);
            return Failure.NotFound();
        }

        var person = hold.Person?.PersonId;
        if (verdict.Refusal is { } refusal)
        {
            // What the refusal adds (the pause kept on the registration, the nearest alternative) is written and read after
            // the locks are given back.
            if (verdict.Pause is { } pause && hold.Person!.PausedUntil != pause.Until)
            {
                await RecordPauseAsync(hold.Person.RegistrationId!.Value, pause, ct);
            }

            if (verdict.Ineligible is { } ineligible)
            {
                refusal = Failure.Of(await WithAlternativeAsync(ineligible, hold.Session, judged.EligibleOn(hold), ct), "nationalId");
            }

            await audit.RefusedAsync(user, resource, AuditAction.Create, person, ct);
            return refusal;
        }

        if (!written)
        {
            await audit.RefusedAsync(user, resource, AuditAction.Create, person, ct);
            return Failure.Of(ProgrammeErrorCodes.AlreadyBooked.With(("status", BookingStatus.Booked)));
        }

        return View(booking, hold.Session);
    }

    /// <summary>
    /// Cancels a place or leaves the queue, by the person or staff. A place given up less than the configured hours before
    /// the start is recorded as <see cref="BookingStatus.LateCancelled"/>; the freed place is offered to the first in the queue.
    /// </summary>
    public async Task<Outcome<BookingView>> CancelAsync(CurrentUser user, Guid programmeId, Guid sessionId, Guid bookingId, CancellationToken ct) =>
        await ChangeAsync(user, programmeId, sessionId, bookingId, async (booking, session, now) =>
        {
            if (session.StartsAt <= now)
            {
                return Failure.Of(ProgrammeErrorCodes.SessionStarted.With(("date", session.Date), ("time", LocalTime(session.StartsAt))));
            }

            var places = SessionQueue.Places(session);
            switch (booking.Status)
            {
                case BookingStatus.Booked or BookingStatus.Offered:
                    SessionQueue.Apply(session, places.ReleasePlace());
                    var late = now > session.StartsAt.AddHours(-options.Value.LateCancellationHours);
                    Move(booking, late ? BookingStatus.LateCancelled : BookingStatus.Cancelled, now, Who(user));
                    await queue.OfferFreedPlaceAsync(session, Who(user), ct);
                    return null;
                case BookingStatus.Waiting:
                    SessionQueue.Apply(session, places.LeaveQueue());
                    Move(booking, BookingStatus.Cancelled, now, Who(user));
                    return null;
                default:
                    return Failure.Of(ProgrammeErrorCodes.NotCancellable.With(("status", booking.Status)));
            }
        }, ct);

    /// <summary>Confirms an offered place before its deadline: it becomes an ordinary booking.</summary>
    public async Task<Outcome<BookingView>> ConfirmAsync(CurrentUser user, Guid programmeId, Guid sessionId, Guid bookingId, CancellationToken ct) =>
        await ChangeAsync(user, programmeId, sessionId, bookingId, (booking, session, now) =>
        {
            if (booking.Status != BookingStatus.Offered)
            {
                return Task.FromResult<Failure?>(Failure.Of(ProgrammeErrorCodes.NotOffered.With(("status", booking.Status))));
            }

            if (booking.OfferExpiresAt is { } expires && expires <= now)
            {
                return Task.FromResult<Failure?>(Failure.Of(ProgrammeErrorCodes.OfferExpired.With(("date", Oslo.Today(expires)), ("time", LocalTime(expires)))));
            }

            Move(booking, BookingStatus.Booked, now, Who(user));
            return Task.FromResult<Failure?>(null);
        }, ct);

    /// <summary>Finds the booking the caller may change, then applies <paramref name="change"/> under the session's lock in one transaction.</summary>
    private async Task<Outcome<BookingView>> ChangeAsync(
        CurrentUser user, Guid programmeId, Guid sessionId, Guid bookingId,
        Func<ProgrammeBooking, ProgrammeSession, DateTimeOffset, Task<Failure?>> change, CancellationToken ct)
    {
        var resource = $"ProgrammeBooking/{bookingId}";
        var programme = await access.ProgrammeAsync(user, programmeId, resource, AuditAction.Update, ct);
        if (!programme.Succeeded)
        {
            return programme.AsFailure();
        }

        var found = await access.BookingAsync(user, programmeId, sessionId, bookingId, ct);
        if (found is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Update, ct);
            return Failure.NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var session = (await queue.LockAsync(sessionId, ct))!;
        var booking = await db.ProgrammeBookings.SingleAsync(b => b.Id == bookingId, ct);
        var now = clock.GetUtcNow();
        if (await change(booking, session, now) is { } refusal)
        {
            return await RefuseAsync(transaction, user, resource, AuditAction.Update, booking.PersonId, refusal, ct);
        }

        audit.Add(user, resource, AuditAction.Update, AuditOutcome.Success, booking.PersonId, null);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return View(booking, session);
    }

    /// <summary>Keeps the pause in force on the registration so staff see it; the rule itself is judged afresh at every booking.</summary>
    private Task<int> RecordPauseAsync(Guid registrationId, NoShowPause pause, CancellationToken ct) =>
        db.ProgrammeRegistrations.Where(r => r.Id == registrationId).ExecuteUpdateAsync(u => u.SetProperty(r => r.PausedUntil, pause.Until), ct);

    /// <summary>The refusal with, where one exists, the nearest later session of the same series with a free place on a day the person is eligible.</summary>
    private async Task<Error> WithAlternativeAsync(Error reason, ProgrammeSession session, Func<DateOnly, ProgrammeEligibilityResult> eligibleOn, CancellationToken ct)
    {
        var later = await db.ProgrammeSessions.AsNoTracking()
            .Where(s => s.SeriesId == session.SeriesId && s.StartsAt > session.StartsAt && s.CancelledAt == null && s.Booked < s.Capacity)
            .OrderBy(s => s.StartsAt).Take(60)
            .Select(s => new { s.Id, s.Date, s.StartsAt })
            .ToListAsync(ct);
        if (later.FirstOrDefault(s => eligibleOn(s.Date).Eligible) is not { } alternative)
        {
            return reason;
        }

        var args = new Dictionary<string, object>(reason.Args, StringComparer.Ordinal)
        {
            ["alternativeSessionId"] = alternative.Id.ToString(),
            ["alternativeDate"] = alternative.Date,
            ["alternativeTime"] = LocalTime(alternative.StartsAt),
        };
        return new Error(reason.Definition, args);
    }

    private async Task<Failure> RefuseAsync(IDbContextTransaction transaction, CurrentUser user, string resource, string action, Guid? person, Failure refusal, CancellationToken ct)
    {
        await transaction.RollbackAsync(ct);
        await audit.RefusedAsync(user, resource, action, person, ct);
        return refusal;
    }

    private static void Move(ProgrammeBooking booking, BookingStatus status, DateTimeOffset now, string by)
    {
        booking.Status = status;
        booking.StatusChangedAt = now;
        booking.StatusChangedBy = by;
        booking.Version++;
    }

    private static string Who(CurrentUser user) => user.Role == Roles.Participant ? "self" : user.Subject;

    internal static string LocalTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Oslo.Zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    internal static BookingView View(ProgrammeBooking b, ProgrammeSession s) =>
        new(b.Id, b.ProgrammeId, b.SessionId, b.PersonId, b.Status, b.QueueNumber, b.OfferExpiresAt, s.Date, s.StartsAt, s.EndsAt, b.CreatedAt, b.StatusChangedAt);
}
