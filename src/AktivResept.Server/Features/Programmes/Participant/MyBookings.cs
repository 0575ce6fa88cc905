using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Programmes.Booking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Programmes.Participant;

/// <summary>
/// One of my bookings with what the page needs to say about it: where and when, my place in the queue, an offer's
/// deadline, and the instant after which cancelling a place counts as late.
/// </summary>
public sealed record MyBookingView(
    Guid Id, Guid ProgrammeId, Guid SessionId, string Programme, string Title, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string Location, string Room, string? Instructor, BookingStatus Status, int? QueuePosition, DateTimeOffset? OfferExpiresAt,
    DateTimeOffset LateCancellationFrom, bool SessionCancelled, string? CancellationReason, bool Upcoming);

/// <summary>
/// The no-show rule as it stands for me in one programme: no-shows counted now (within the window), the rule's numbers,
/// a pause in force (its last day), and the day the oldest counted no-show stops counting.
/// </summary>
public sealed record MyNoShowStatus(
    Guid ProgrammeId, string Programme, int NoShows, int NoShowsBeforePause, int WindowDays, int PauseDays, DateOnly? PausedUntil, DateOnly? OldestCountsUntil);

public sealed record MyBookingsView(
    IReadOnlyList<MyBookingView> Upcoming, IReadOnlyList<MyBookingView> Past, IReadOnlyList<MyNoShowStatus> NoShows,
    int MaxBookingsPerWeek, int LateCancellationHours);

/// <summary>
/// The participant's bookings, upcoming and past, and their no-show status per programme they are registered for,
/// judged by the same <see cref="NoShowRule"/> the booking uses. Participants only, always their own; every booking
/// row read is audited.
/// </summary>
public sealed class MyBookings(AktivDbContext db, ProgrammeAccess access, AuditLog audit, TimeProvider clock, IOptions<ProgrammeBookingOptions> options)
{
    public async Task<Outcome<MyBookingsView>> GetAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.Is(Roles.Participant))
        {
            await audit.DeniedAsync(user, "ProgrammeBooking", AuditAction.Search, ct);
            return Failure.Of(ProgrammeErrorCodes.BookingRole);
        }

        var o = options.Value;
        var now = clock.GetUtcNow();
        var today = Oslo.Today(now);
        var caller = await access.CallerAsync(user, ct);
        var rows = await (from b in access.OwnBookings(caller).AsNoTracking()
                          join s in db.ProgrammeSessions on b.SessionId equals s.Id
                          join p in db.Programmes on b.ProgrammeId equals p.Id
                          join series in db.ProgrammeSeries on s.SeriesId equals series.Id
                          join l in db.Locations on s.LocationId equals l.Id
                          join t in db.Trainers on s.InstructorTrainerId equals t.Id into instructors
                          from t in instructors.DefaultIfEmpty()
                          orderby s.StartsAt descending
                          select new { Booking = b, Session = s, Programme = p.Name, series.Title, Location = l.Name, Instructor = t == null ? null : t.Name })
            .Take(500).ToListAsync(ct);
        var queued = rows.Where(r => r.Booking.Status == BookingStatus.Waiting).Select(r => r.Session.Id).ToList();
        var waiting = await db.ProgrammeBookings.AsNoTracking()
            .Where(b => queued.Contains(b.SessionId) && b.Status == BookingStatus.Waiting)
            .Select(b => new { b.SessionId, b.QueueNumber }).ToListAsync(ct);

        var registrations = caller.PersonId is not { } person ? []
            : await db.ProgrammeRegistrations.AsNoTracking().Where(r => r.PersonId == person)
                .Join(db.Programmes, r => r.ProgrammeId, p => p.Id, (r, p) => new { r.Id, r.ProgrammeId, p.Name }).OrderBy(x => x.Name).ToListAsync(ct);
        foreach (var row in rows)
        {
            audit.Add(user, $"ProgrammeBooking/{row.Booking.Id}", AuditAction.Read, AuditOutcome.Success, row.Booking.PersonId);
        }

        foreach (var r in registrations)
        {
            audit.Add(user, $"ProgrammeRegistration/{r.Id}", AuditAction.Read, AuditOutcome.Success, caller.PersonId);
        }

        await audit.SaveAsync(ct);

        var views = rows.Select(r =>
        {
            var (b, s) = (r.Booking, r.Session);
            var position = b.Status == BookingStatus.Waiting ? waiting.Count(w => w.SessionId == s.Id && w.QueueNumber <= b.QueueNumber) : (int?)null;
            return new MyBookingView(
                b.Id, b.ProgrammeId, s.Id, r.Programme, r.Title, s.Date, s.StartsAt, s.EndsAt, r.Location, s.Room, MyTimetable.FirstName(r.Instructor),
                b.Status, position, b.OfferExpiresAt, s.StartsAt.AddHours(-o.LateCancellationHours), s.IsCancelled, s.CancellationReason,
                s.StartsAt > now && b.Status is BookingStatus.Booked or BookingStatus.Waiting or BookingStatus.Offered);
        }).ToList();

        var rule = o.NoShowRule;
        var noShows = views.Where(v => v.Status == BookingStatus.NoShow).ToList();
        var statuses = registrations.Select(r =>
        {
            var days = noShows.Where(v => v.ProgrammeId == r.ProgrammeId).Select(v => v.Date).Where(d => d <= today).ToList();
            var counted = days.Where(d => d > today.AddDays(-rule.WindowDays)).Order().ToList();
            return new MyNoShowStatus(
                r.ProgrammeId, r.Name, counted.Count, rule.NoShows, rule.WindowDays, rule.PauseDays, rule.PauseOn(days, today)?.Until,
                counted.Count == 0 ? null : counted[0].AddDays(rule.WindowDays - 1));
        }).ToList();

        return new MyBookingsView(
            [.. views.Where(v => v.Upcoming).OrderBy(v => v.StartsAt)],
            [.. views.Where(v => !v.Upcoming)],
            statuses, o.MaxBookingsPerWeek, o.LateCancellationHours);
    }
}
