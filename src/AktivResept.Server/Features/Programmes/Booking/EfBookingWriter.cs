using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>The booking's transaction through EF Core (SQLite): one writer at a time, so the locks are the file's.</summary>
public sealed class EfBookingWriter(AktivDbContext db, SessionQueue queue, IBenefitRegistry benefits) : IBookingWriter
{
    public async Task<BookingResult> RunAsync(BookingAttempt attempt, CancellationToken ct)
    {
        var periods = await benefits.PeriodsForAsync(attempt.NationalId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var person = await Registered(db, attempt.NationalIdHash, attempt.ProgrammeId, attempt.NoShowsSince, ct);
        if (person is not null)
        {
            var personId = person.PersonId;
            person = person with
            {
                Referrals = await db.ProgrammeReferrals.AsNoTracking().Where(r => r.PersonId == personId && r.WithdrawnAt == null).ToListAsync(ct),
            };
        }

        var locked = await queue.LockAsync(attempt.SessionId, ct);
        var programme = locked is null || locked.ProgrammeId != attempt.ProgrammeId
            ? null
            : await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == attempt.ProgrammeId, ct);
        if (programme is null || !attempt.MayBookIn(programme))
        {
            // No such session in the programme, or not one the caller may book in — as PostgresBookingBatches answers it.
            if (locked is not null)
            {
                db.Entry(locked).State = EntityState.Detached;
            }

            await transaction.RollbackAsync(ct);
            return new BookingResult(null, BookingVerdict.NotFound, Written: false);
        }

        var week = new List<WeekBooking>();
        if (person is not null)
        {
            var (monday, sunday) = WeekBooking.WeekOf(locked!.Date);
            var personId = person.PersonId;
            var rows = await db.ProgrammeBookings.AsNoTracking()
                .Where(b => b.PersonId == personId && BookingStatuses.Open.Contains(b.Status))
                .Join(db.ProgrammeSessions, b => b.SessionId, s => s.Id, (b, s) => new { b.SessionId, b.Status, s.Date, s.StartsAt, s.EndsAt })
                .Where(x => x.Date >= monday && x.Date <= sunday)
                .ToListAsync(ct);
            week = rows.ConvertAll(x => new WeekBooking(x.SessionId, x.Status, x.Date, x.StartsAt, x.EndsAt));
        }

        var hold = new BookingHold(programme, locked!, person, week, periods);
        var verdict = attempt.Judge(hold);
        if (verdict.Refusal is not null)
        {
            await transaction.RollbackAsync(ct);
            return new BookingResult(hold, verdict, Written: false);
        }

        db.ProgrammeBookings.Add(attempt.Booking);
        db.AuditRecords.Add(attempt.Audit);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new BookingResult(hold, verdict, Written: true);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Nothing of it may be saved later by the request's next SaveChanges (the refusal's audit row): not the
            // booking, not its row, not the counters applied to the tracked session.
            db.Entry(attempt.Booking).State = EntityState.Detached;
            db.Entry(attempt.Audit).State = EntityState.Detached;
            db.Entry(hold.Session).State = EntityState.Detached;
            await transaction.RollbackAsync(ct);
            return new BookingResult(hold, verdict, Written: false);
        }
    }

    /// <summary>
    /// The person, their registration (by a left join on its unique (programme, person) key, not FirstOrDefault in the
    /// projection: EF translates that into a row number over every registration of the programme — 6 ms a booking with
    /// 4,000 registrations when PostgreSQL still ran this query; docs/benchmarks.md, booking) and their no-shows,
    /// compiled once. PostgreSQL reads the same in <see cref="PostgresBookingBatches"/>'s first round trip.
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
}
