using AktivResept.Domain.Calendar;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Attendance;

/// <summary>A session as the instructor's day list shows it: when, what, where, and how full; no one's name.</summary>
public sealed record InstructedSession(Guid Id, Guid ProgrammeId, string Title, string Activity, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string LocationName, string Room, int Capacity, int Booked, int Waiting, bool Cancelled, bool Leads);

/// <summary>Today's sessions (Oslo) and the rest of the week the caller leads or manages.</summary>
public sealed record InstructedWeek(DateOnly From, DateOnly To, IReadOnlyList<InstructedSession> Sessions);

/// <summary>
/// One booked person on the register: first name and the family name's initial (enough to call the roll), the mark, and
/// whether a gym check-in made it. <paramref name="Status"/>: booked, attended, no-show.
/// </summary>
public sealed record RegisterEntry(Guid BookingId, string Name, string Status, bool CheckedIn, DateTimeOffset MarkedAt);

/// <summary>A session's register; <paramref name="Open"/> while marks may be made (the session's Oslo day, not cancelled).</summary>
public sealed record SessionRegisterView(InstructedSession Session, bool Open, IReadOnlyList<RegisterEntry> Participants);

/// <summary><c>status</c>: attended, no-show, or booked to undo a mark.</summary>
public sealed record MarkAttendanceRequest(string? Status);

/// <summary>
/// The instructor's side of a session (issue 13, «Staff pages»): the week's sessions, the register of who is booked, a
/// mark in one tap and its undo that day, and closing the register (everyone unmarked did not come). The session's
/// instructor and the staff who manage its programme may do this; for anyone else the session does not exist. Every
/// read of the register and every mark is audited against the person it names.
/// </summary>
public sealed class SessionRegister(AktivDbContext db, ProgrammeAccess access, AuditLog audit, TimeProvider clock)
{
    private static readonly string[] StaffRoles = [Roles.Trainer, Roles.ProviderAdmin, Roles.Municipality];

    /// <summary>The seven Oslo days from <paramref name="from"/> (yyyy-MM-dd; default today).</summary>
    public async Task<Outcome<InstructedWeek>> WeekAsync(CurrentUser user, string? from, CancellationToken ct)
    {
        var first = OsloCalendar.DateOf(clock.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(from) &&
            (!DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out first) ||
             !OsloCalendar.IsPlausibleYear(first.Year)))
        {
            return Failure.Invalid("from", ErrorCodes.DateFormat);
        }

        var last = first.AddDays(6);
        if (!user.Is(StaffRoles))
        {
            return new InstructedWeek(first, last, []);
        }

        var caller = await access.CallerAsync(user, ct);
        var rows = await access.WithParticipantsVisible(caller)
            .Where(s => s.Date >= first && s.Date <= last)
            .OrderBy(s => s.StartsAt)
            .Select(s => new { s, Title = db.ProgrammeSeries.Where(x => x.Id == s.SeriesId).Select(x => x.Title).First(), Location = db.Locations.Where(l => l.Id == s.LocationId).Select(l => l.Name).FirstOrDefault() })
            .AsNoTracking()
            .ToListAsync(ct);
        return new InstructedWeek(first, last, rows.ConvertAll(r => View(r.s, r.Title, r.s.Activity, r.Location, caller)));
    }

    public async Task<Outcome<SessionRegisterView>> RegisterAsync(CurrentUser user, Guid sessionId, CancellationToken ct)
    {
        var resource = Resource(sessionId);
        if (await FindAsync(user, sessionId, ct) is not { } found)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var view = await ViewAsync(found.Session, found.Caller, ct);
        foreach (var person in view.People)
        {
            audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success, person);
        }

        await audit.SaveAsync(ct);
        return view.Register;
    }

    public async Task<Outcome<RegisterEntry>> MarkAsync(CurrentUser user, Guid sessionId, Guid bookingId, MarkAttendanceRequest request, CancellationToken ct)
    {
        var resource = Resource(sessionId);
        if (await FindAsync(user, sessionId, ct) is not { } found)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Update, ct);
            return Failure.NotFound();
        }

        var booking = await db.ProgrammeBookings.FirstOrDefaultAsync(b => b.Id == bookingId && b.SessionId == sessionId, ct);
        if (booking is null)
        {
            return Failure.Of(ErrorCodes.NotFound, "bookingId");
        }

        if (ParseStatus(request.Status) is not { } status)
        {
            return Failure.Invalid("status", ProgrammeErrorCodes.AttendanceStatus);
        }

        var session = found.Session;
        if (Refusal(SessionAttendance.CanMark(session.Date, session.IsCancelled, OsloCalendar.DateOf(clock.GetUtcNow()), booking.Status), session, booking.Status) is { } refused)
        {
            await audit.RefusedAsync(user, resource, AuditAction.Update, booking.PersonId, ct);
            return refused;
        }

        if (booking.Status != status)
        {
            Set(booking, status, user.Subject);
            audit.Add(user, resource, AuditAction.Update, AuditOutcome.Success, booking.PersonId);
            if (!await SaveAsync(ct))
            {
                return Failure.Of(ApiErrorCodes.ConcurrentChange, "bookingId");
            }
        }

        var name = await db.People.Where(p => p.Id == booking.PersonId).Select(p => new { p.GivenName, p.FamilyName }).FirstAsync(ct);
        return Entry(booking, ShortName(name.GivenName, name.FamilyName));
    }

    /// <summary>Closes the day's register: everyone still only booked is marked as not come, in one transaction.</summary>
    public async Task<Outcome<SessionRegisterView>> CloseAsync(CurrentUser user, Guid sessionId, CancellationToken ct)
    {
        var resource = Resource(sessionId);
        if (await FindAsync(user, sessionId, ct) is not { } found)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Update, ct);
            return Failure.NotFound();
        }

        var session = found.Session;
        if (Refusal(SessionAttendance.CanMark(session.Date, session.IsCancelled, OsloCalendar.DateOf(clock.GetUtcNow()), BookingStatus.Booked), session, BookingStatus.Booked) is { } refused)
        {
            await audit.RefusedAsync(user, resource, AuditAction.Update, null, ct);
            return refused;
        }

        var unmarked = await db.ProgrammeBookings.Where(b => b.SessionId == sessionId && b.Status == BookingStatus.Booked).ToListAsync(ct);
        foreach (var booking in unmarked)
        {
            Set(booking, SessionAttendance.OnClose(booking.Status), user.Subject);
            audit.Add(user, resource, AuditAction.Update, AuditOutcome.Success, booking.PersonId);
        }

        if (!await SaveAsync(ct))
        {
            return Failure.Of(ApiErrorCodes.ConcurrentChange, "sessionId");
        }

        return await RegisterAsync(user, sessionId, ct);
    }

    /// <summary>The session if the caller leads it or manages its programme; null (404) otherwise, whatever the reason.</summary>
    internal async Task<(ProgrammeSession Session, ProgrammeCaller Caller)?> FindAsync(CurrentUser user, Guid sessionId, CancellationToken ct)
    {
        if (!user.Is(StaffRoles))
        {
            return null;
        }

        var caller = await access.CallerAsync(user, ct);
        var session = await access.WithParticipantsVisible(caller).AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        return session is null ? null : (session, caller);
    }

    internal static string Resource(Guid sessionId) => $"ProgrammeSession/{sessionId}/attendance";

    private async Task<(SessionRegisterView Register, List<Guid> People)> ViewAsync(ProgrammeSession session, ProgrammeCaller caller, CancellationToken ct)
    {
        var series = await db.ProgrammeSeries.AsNoTracking().Where(x => x.Id == session.SeriesId).Select(x => new { x.Title, session.Activity }).FirstAsync(ct);
        var location = await db.Locations.AsNoTracking().Where(l => l.Id == session.LocationId).Select(l => l.Name).FirstOrDefaultAsync(ct);
        var markable = SessionAttendance.Markable;
        var bookings = await db.ProgrammeBookings.AsNoTracking()
            .Where(b => b.SessionId == session.Id && markable.Contains(b.Status))
            .Join(db.People, b => b.PersonId, p => p.Id, (b, p) => new { Booking = b, p.GivenName, p.FamilyName })
            .ToListAsync(ct);
        var entries = bookings
            .Select(b => Entry(b.Booking, ShortName(b.GivenName, b.FamilyName)))
            .OrderBy(e => e.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("nb-NO"), ignoreCase: true))
            .ToList();
        var open = SessionAttendance.CanMark(session.Date, session.IsCancelled, OsloCalendar.DateOf(clock.GetUtcNow()), BookingStatus.Booked) == MarkingVerdict.Allowed;
        return (new SessionRegisterView(View(session, series.Title, series.Activity, location, caller), open, entries), bookings.ConvertAll(b => b.Booking.PersonId));
    }

    private static Failure? Refusal(MarkingVerdict verdict, ProgrammeSession session, BookingStatus current) => verdict switch
    {
        MarkingVerdict.Allowed => null,
        MarkingVerdict.SessionCancelled => Failure.Of(ProgrammeErrorCodes.AttendanceSessionCancelled.With(("date", session.Date)), "sessionId"),
        MarkingVerdict.TooEarly => Failure.Of(ProgrammeErrorCodes.AttendanceTooEarly.With(("date", session.Date)), "sessionId"),
        MarkingVerdict.DayOver => Failure.Of(ProgrammeErrorCodes.AttendanceDayOver.With(("date", session.Date)), "sessionId"),
        _ => Failure.Of(ProgrammeErrorCodes.AttendanceNotBooked.With(("status", Wire(current))), "bookingId"),
    };

    private void Set(ProgrammeBooking booking, BookingStatus status, string by)
    {
        booking.Status = status;
        booking.StatusChangedAt = clock.GetUtcNow();
        booking.StatusChangedBy = by;
        booking.Version++;
    }

    private async Task<bool> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static InstructedSession View(ProgrammeSession s, string title, ProgrammeActivity activity, string? location, ProgrammeCaller caller) =>
        new(s.Id, s.ProgrammeId, title, activity.ToString(), s.Date, s.StartsAt, s.EndsAt, location ?? string.Empty, s.Room, s.Capacity, s.Booked, s.Waiting, s.IsCancelled,
            caller.TrainerId is { } trainer && s.InstructorTrainerId == trainer);

    private static RegisterEntry Entry(ProgrammeBooking b, string name) =>
        new(b.Id, name, Wire(b.Status), b.Status == BookingStatus.Attended && b.StatusChangedBy == ProgrammeCheckIns.CheckInMarker, b.StatusChangedAt);

    /// <summary>«Anne H.»: enough to call the roll, no more.</summary>
    public static string ShortName(string given, string family) =>
        string.IsNullOrWhiteSpace(family) ? given.Trim() : $"{given.Trim()} {char.ToUpperInvariant(family.Trim()[0])}.";

    public static string Wire(BookingStatus status) => status switch
    {
        BookingStatus.Attended => "attended",
        BookingStatus.NoShow => "no-show",
        BookingStatus.Booked => "booked",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static BookingStatus? ParseStatus(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "attended" => BookingStatus.Attended,
        "no-show" => BookingStatus.NoShow,
        "booked" => BookingStatus.Booked,
        _ => null,
    };
}
