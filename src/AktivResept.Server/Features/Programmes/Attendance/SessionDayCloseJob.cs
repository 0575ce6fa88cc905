using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Attendance;

/// <summary>
/// Closes each register the instructor left open once its session's Oslo day is over
/// (<see cref="SessionAttendance.DayIsOver"/>): the same rule as closing it by hand (<see cref="SessionAttendance.OnClose"/>),
/// so everyone still only booked becomes a no-show and marks made (by the instructor or a check-in) stay. Cancelled
/// dates are left alone. Per session in its own transaction; a booking changed meanwhile (its version) is skipped and
/// picked up by the next run. Idempotent: a closed register has nobody left only booked.
/// </summary>
public sealed class SessionDayCloseJob(AktivDbContext db, AuditLog audit, TimeProvider clock) : IPeriodicJob
{
    public const int BatchSize = 500;

    public static readonly Actor Actor = new("programme-day-close", "system");

    public async Task RunOnceAsync(CancellationToken ct) => await CloseDueAsync(ct);

    /// <summary>Closes the due registers; returns how many bookings became no-shows.</summary>
    public async Task<int> CloseDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = Oslo.Today(now);
        var sessions = await db.ProgrammeBookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Booked)
            .Join(db.ProgrammeSessions.Where(s => s.Date < today && s.CancelledAt == null), b => b.SessionId, s => s.Id, (b, s) => new { s.Id, s.Date })
            .Distinct().Take(BatchSize).ToListAsync(ct);
        var closed = 0;
        foreach (var session in sessions.Where(s => SessionAttendance.DayIsOver(s.Date, today)))
        {
            closed += await CloseAsync(session.Id, now, ct);
        }

        return closed;
    }

    private async Task<int> CloseAsync(Guid sessionId, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var unmarked = await db.ProgrammeBookings.Where(b => b.SessionId == sessionId && b.Status == BookingStatus.Booked).ToListAsync(ct);
        var correlation = Guid.NewGuid().ToString("N");
        foreach (var booking in unmarked)
        {
            booking.Status = SessionAttendance.OnClose(booking.Status);
            booking.StatusChangedAt = now;
            booking.StatusChangedBy = Actor.Id;
            booking.Version++;
            audit.Add(Actor, $"ProgrammeSession/{sessionId}/attendance", AuditAction.Update, AuditOutcome.Success, booking.PersonId, correlation);
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return unmarked.Count;
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            return 0;
        }
    }
}
