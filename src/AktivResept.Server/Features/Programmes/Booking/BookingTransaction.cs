using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>A booking of the person's that holds or held a place in the session's ISO week: what the person rules count.</summary>
public sealed record WeekBooking(Guid SessionId, BookingStatus Status, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>
/// The person with the booking's national id as the transaction found them: their registration for the programme (none:
/// not registered) with the pause recorded on it, and the dates of their no-shows in the programme since the day asked.
/// </summary>
public sealed record KnownPerson(Guid PersonId, Guid? RegistrationId, DateOnly? PausedUntil, List<DateOnly> NoShowDays);

/// <summary>What a booking is judged on, read under the locks: the person (null if not known to us), their week, the session.</summary>
public sealed record BookingHold(KnownPerson? Person, List<WeekBooking> Week, ProgrammeSession Session);

/// <summary>
/// A booking's transaction (<see cref="SessionBookings.BookAsync"/>): the person's row lock (found by their national id),
/// their registration, no-shows and week read under it, and the session's row lock, then either the write — the
/// booking, the session's counters, the audit row — and the commit, or nothing. The lock order is always person, then
/// session (<see cref="SessionQueue"/>'s rule: counters change only under the session's lock). The weekly limit and the
/// overlap rule are per person across every programme, so one person's bookings are judged one at a time under the
/// person's lock (not the registration's, which is per programme).
/// PostgreSQL runs it in two round trips without the change tracker (<see cref="PostgresBookingTransaction"/>); SQLite,
/// one writer at a time, through EF Core (<see cref="EfBookingTransaction"/>).
/// </summary>
public abstract class BookingTransaction : IAsyncDisposable
{
    /// <summary>A booking that holds a place or a queue number, or was held (attended, no-show): what the person rules count.</summary>
    public static readonly BookingStatus[] Holding = [BookingStatus.Booked, BookingStatus.Waiting, BookingStatus.Offered, BookingStatus.Attended, BookingStatus.NoShow];

    public static BookingTransaction For(AktivDbContext db, SessionQueue queue) =>
        db.Database.IsNpgsql() ? new PostgresBookingTransaction(db) : new EfBookingTransaction(db, queue);

    /// <summary>
    /// Begins, locks the person with this national id (<see cref="Common.Security.NationalIdLookupHash"/>) and then the
    /// session, and returns the person with their registration for <paramref name="programmeId"/> and no-shows in it since
    /// <paramref name="noShowsSince"/>, their week, and the session's values as locked.
    /// </summary>
    public abstract Task<BookingHold> BeginAsync(string nationalIdHash, Guid programmeId, DateOnly noShowsSince, ProgrammeSession session, CancellationToken ct);

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

    public override async Task<BookingHold> BeginAsync(string nationalIdHash, Guid programmeId, DateOnly noShowsSince, ProgrammeSession session, CancellationToken ct)
    {
        _transaction = await db.Database.BeginTransactionAsync(ct);
        var person = await Registered(db, nationalIdHash, programmeId, noShowsSince, ct);
        var week = new List<WeekBooking>();
        if (person is not null)
        {
            var (monday, sunday) = WeekOf(session);
            var personId = person.PersonId;
            var rows = await db.ProgrammeBookings.AsNoTracking()
                .Where(b => b.PersonId == personId && Holding.Contains(b.Status))
                .Join(db.ProgrammeSessions, b => b.SessionId, s => s.Id, (b, s) => new { b.SessionId, b.Status, s.Date, s.StartsAt, s.EndsAt })
                .Where(x => x.Date >= monday && x.Date <= sunday)
                .ToListAsync(ct);
            week = rows.ConvertAll(x => new WeekBooking(x.SessionId, x.Status, x.Date, x.StartsAt, x.EndsAt));
        }

        var locked = (await queue.LockAsync(session.Id, ct))!;
        return new BookingHold(person, week, locked);
    }

    /// <summary>
    /// The person, their registration (by a left join on its unique (programme, person) key, not FirstOrDefault in the
    /// projection: EF translates that into a row number over every registration of the programme — 6 ms a booking with
    /// 4,000 registrations when PostgreSQL still ran this query; docs/benchmarks.md, booking) and their no-shows,
    /// compiled once. PostgreSQL now reads the same in <see cref="PostgresBookingTransaction"/>'s first batch.
    /// </summary>
    private static readonly Func<AktivDbContext, string, Guid, DateOnly, CancellationToken, Task<KnownPerson?>> Registered =
        EF.CompileAsyncQuery((AktivDbContext db, string hash, Guid programmeId, DateOnly since, CancellationToken ct) => (
                from p in db.People.AsNoTracking()
                where p.NationalIdHash == hash
                join r in db.ProgrammeRegistrations.Where(r => r.ProgrammeId == programmeId) on p.Id equals r.PersonId into registrations
                from registration in registrations.DefaultIfEmpty()
                select new KnownPerson(
                    p.Id,
                    registration == null ? (Guid?)null : registration.Id,
                    registration == null ? (DateOnly?)null : registration.PausedUntil,
                    db.ProgrammeBookings.Where(b => b.PersonId == p.Id && b.ProgrammeId == programmeId && b.Status == BookingStatus.NoShow)
                        .Join(db.ProgrammeSessions, b => b.SessionId, s => s.Id, (b, s) => s.Date)
                        .Where(d => d >= since).ToList()))
            .FirstOrDefault());

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
