using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>A booking of the person's that holds or held a place in the session's ISO week: what the person rules count.</summary>
public sealed record WeekBooking(Guid SessionId, BookingStatus Status, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>
/// A booking's transaction (<see cref="SessionBookings.BookAsync"/>): the person's row lock, their week read under it and
/// the session's row lock, then either the write — the booking, the session's counters, the audit row — and the commit,
/// or nothing. The lock order is always person, then session (<see cref="SessionQueue"/>'s rule: counters change only
/// under the session's lock). The weekly limit and the overlap rule are per person across every programme, so one
/// person's bookings are judged one at a time under the person's lock (not the registration's, which is per programme).
/// PostgreSQL runs it in two round trips without the change tracker (<see cref="PostgresBookingTransaction"/>); SQLite,
/// one writer at a time, through EF Core (<see cref="EfBookingTransaction"/>).
/// </summary>
public abstract class BookingTransaction : IAsyncDisposable
{
    /// <summary>A booking that holds a place or a queue number, or was held (attended, no-show): what the person rules count.</summary>
    public static readonly BookingStatus[] Holding = [BookingStatus.Booked, BookingStatus.Waiting, BookingStatus.Offered, BookingStatus.Attended, BookingStatus.NoShow];

    public static BookingTransaction For(AktivDbContext db, SessionQueue queue) =>
        db.Database.IsNpgsql() ? new PostgresBookingTransaction(db) : new EfBookingTransaction(db, queue);

    /// <summary>Begins, locks the person and then the session, and returns the person's week and the session's values as locked.</summary>
    public abstract Task<(List<WeekBooking> Week, ProgrammeSession Session)> LockAsync(Guid personId, ProgrammeSession session, CancellationToken ct);

    /// <summary>
    /// Writes the new booking, the session's counters (already applied to <paramref name="session"/>) and the audit row,
    /// and commits. False, with nothing written, when the person already holds an open booking of the session (the
    /// one-open-booking index: the person's lock makes this a backstop).
    /// </summary>
    public abstract Task<bool> CommitAsync(ProgrammeBooking booking, ProgrammeSession session, AuditRecord audit, DateTimeOffset now, CancellationToken ct);

    public abstract Task RollbackAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    protected static (DateOnly Monday, DateOnly Sunday) WeekOf(ProgrammeSession session)
    {
        var monday = Domain.Calendar.OsloCalendar.MondayOf(session.Date);
        return (monday, monday.AddDays(6));
    }
}

/// <summary>The booking's transaction through EF Core (SQLite): one writer at a time, so the locks are the file's.</summary>
public sealed class EfBookingTransaction(AktivDbContext db, SessionQueue queue) : BookingTransaction
{
    private IDbContextTransaction? _transaction;

    public override async Task<(List<WeekBooking> Week, ProgrammeSession Session)> LockAsync(Guid personId, ProgrammeSession session, CancellationToken ct)
    {
        _transaction = await db.Database.BeginTransactionAsync(ct);
        var (monday, sunday) = WeekOf(session);
        var rows = await db.ProgrammeBookings.AsNoTracking()
            .Where(b => b.PersonId == personId && Holding.Contains(b.Status))
            .Join(db.ProgrammeSessions, b => b.SessionId, s => s.Id, (b, s) => new { b.SessionId, b.Status, s.Date, s.StartsAt, s.EndsAt })
            .Where(x => x.Date >= monday && x.Date <= sunday)
            .ToListAsync(ct);
        var locked = (await queue.LockAsync(session.Id, ct))!;
        return (rows.ConvertAll(x => new WeekBooking(x.SessionId, x.Status, x.Date, x.StartsAt, x.EndsAt)), locked);
    }

    public override async Task<bool> CommitAsync(ProgrammeBooking booking, ProgrammeSession session, AuditRecord audit, DateTimeOffset now, CancellationToken ct)
    {
        db.ProgrammeBookings.Add(booking);
        db.AuditRecords.Add(audit);
        try
        {
            await db.SaveChangesAsync(ct);
            await _transaction!.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (Common.Http.UniqueViolation.Is(e))
        {
            db.Entry(booking).State = EntityState.Detached;
            db.Entry(audit).State = EntityState.Detached;
            await RollbackAsync(ct);
            return false;
        }
    }

    public override async Task RollbackAsync(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync(ct);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
    }
}
