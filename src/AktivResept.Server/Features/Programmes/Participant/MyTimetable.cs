using System.Globalization;
using System.Text.Json.Serialization;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Programmes.Booking;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Participant;

/// <summary>
/// The participant's own timetable: a municipality (default: where the person lives), accessibility features that must
/// all be met (default: the person's recorded needs), and optionally one session to land on (its programme's
/// municipality then wins).
/// </summary>
public sealed record MyTimetableFilter(string? Kommunenummer, IReadOnlyList<AccessibilityFeature>? Accessibility, Guid? SessionId);

/// <summary>A running programme in the municipality, with whether I am registered and, if not, whether I may register today.</summary>
public sealed record MyProgrammeView(Guid Id, string Name, bool Registered, bool Eligible, string? RefusalCode)
{
    /// <summary>Why registering today is refused, with its arguments (for the page's localized text).</summary>
    [JsonIgnore]
    public Error? Refusal { get; init; }
}

/// <summary>My booking on a session: its status, my place in the queue (1 = next), and an offer's deadline.</summary>
public sealed record MySessionBooking(Guid Id, BookingStatus Status, int? QueuePosition, DateTimeOffset? OfferExpiresAt);

/// <summary>One session as I see it: the public facts, the instructor's first name, and my own booking if I have one.</summary>
public sealed record MySessionView(
    Guid Id, Guid ProgrammeId, string Programme, string Title, ProgrammeActivity Activity, Intensity Intensity, DateOnly Date, string StartTime,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Location, string Room, string? Instructor, IReadOnlyList<AccessibilityFeature> AccessibilityFeatures,
    int Capacity, int FreePlaces, int Waiting, bool Cancelled, string? CancellationReason, bool Registered, MySessionBooking? Mine);

public sealed record MyTimetableView(
    string? Kommunenummer, string? Municipality, DateOnly From, DateOnly To, IReadOnlyList<AccessibilityFeature> Needs, IReadOnlyList<AccessibilityFeature> Accessibility,
    IReadOnlyList<MyProgrammeView> Programmes, IReadOnlyList<MySessionView> Sessions);

/// <summary>
/// «Aktiv på dagtid» as the participant sees it: the sessions of the next four weeks in the programmes they are
/// registered for or may register for, filtered for their needs, each with their own booking. Participants only; the
/// person is always the caller. Reading one's own bookings and registrations is audited.
/// </summary>
public sealed class MyTimetable(AktivDbContext db, ProgrammeAccess access, ProgrammeParticipants participants, AuditLog audit, TimeProvider clock)
{
    public const int Days = 28;

    public async Task<Outcome<MyTimetableView>> GetAsync(CurrentUser user, MyTimetableFilter filter, CancellationToken ct)
    {
        const string resource = "ProgrammeTimetable/mine";
        if (!user.Is(Roles.Participant))
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.Of(ProgrammeErrorCodes.BookingRole);
        }

        if (filter.Kommunenummer is { } asked && !Kommunenummer.TryParse(asked, out _, out var malformed))
        {
            return Failure.Invalid("kommunenummer", malformed);
        }

        var subject = await participants.SubjectAsync(user, null, ct);
        if (!subject.Succeeded)
        {
            return subject.AsFailure();
        }

        var person = subject.Value!.Person;
        var now = clock.GetUtcNow();
        var today = Oslo.Today(now);
        var landing = filter.SessionId is { } sessionId
            ? await db.ProgrammeSessions.AsNoTracking().Where(s => s.Id == sessionId)
                .Join(db.Programmes, s => s.ProgrammeId, p => p.Id, (s, p) => p.Kommunenummer).FirstOrDefaultAsync(ct)
            : null;
        var kommunenummer = landing ?? filter.Kommunenummer ?? person?.Kommunenummer;
        var needs = person?.AccessibilityNeeds ?? [];
        var wanted = filter.Accessibility ?? needs;
        var last = today.AddDays(Days - 1);
        var municipality = kommunenummer is null ? null
            : await MunicipalityNames.OfAsync(db, kommunenummer, ct);
        if (municipality is null)
        {
            return new MyTimetableView(kommunenummer, null, today, last, needs, wanted, [], []);
        }

        var programmes = await db.Programmes.AsNoTracking()
            .Where(p => p.Kommunenummer == kommunenummer && (p.EndedAt == null || p.EndedAt > now))
            .OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var registrations = person is null ? []
            : await db.ProgrammeRegistrations.AsNoTracking().Where(r => r.PersonId == person.Id && programmes.Select(p => p.Id).Contains(r.ProgrammeId))
                .Select(r => new { r.Id, r.ProgrammeId }).ToListAsync(ct);
        var registered = registrations.Select(r => r.ProgrammeId).ToHashSet();
        var eligibility = (await participants.EligibilityAsync(subject.Value, kommunenummer!, today, ct))(today);
        var programmeViews = programmes.Select(p => registered.Contains(p.Id)
                ? new MyProgrammeView(p.Id, p.Name, true, true, null)
                : new MyProgrammeView(p.Id, p.Name, false, eligibility.Eligible, eligibility.Reason?.Code) { Refusal = eligibility.Reason })
            .ToList();
        var shown = programmeViews.Where(p => p.Registered || p.Eligible).Select(p => p.Id).ToList();

        var rows = await (from s in db.ProgrammeSessions.AsNoTracking()
                          join p in db.Programmes on s.ProgrammeId equals p.Id
                          join series in db.ProgrammeSeries on s.SeriesId equals series.Id
                          join l in db.Locations on s.LocationId equals l.Id
                          join t in db.Trainers on s.InstructorTrainerId equals t.Id into instructors
                          from t in instructors.DefaultIfEmpty()
                          where shown.Contains(s.ProgrammeId) && s.Date >= today && s.Date <= last && s.StartsAt > now
                          orderby s.StartsAt, series.Title
                          select new
                          {
                              Session = s,
                              Programme = p.Name,
                              series.Title,
                              Activity = s.Activity,
                              series.Intensity,
                              Location = l.Name,
                              series.AccessibilityFeatures,
                              Instructor = t == null ? null : t.Name,
                          }).ToListAsync(ct);
        rows = [.. rows.Where(r => r.Session.Id == filter.SessionId || wanted.All(r.AccessibilityFeatures.Contains))];

        var sessionIds = rows.Select(r => r.Session.Id).ToList();
        var mine = person is null ? []
            : await access.OwnBookings(await access.CallerAsync(user, ct)).AsNoTracking()
                .Where(b => sessionIds.Contains(b.SessionId) && BookingStatuses.Open.Contains(b.Status)).ToListAsync(ct);
        var queueNumbers = mine.Where(b => b.Status == BookingStatus.Waiting).Select(b => b.SessionId).ToList();
        var waiting = await db.ProgrammeBookings.AsNoTracking()
            .Where(b => queueNumbers.Contains(b.SessionId) && b.Status == BookingStatus.Waiting)
            .Select(b => new { b.SessionId, b.QueueNumber }).ToListAsync(ct);

        foreach (var r in registrations)
        {
            audit.Add(user, $"ProgrammeRegistration/{r.Id}", AuditAction.Read, AuditOutcome.Success, person!.Id);
        }

        foreach (var b in mine)
        {
            audit.Add(user, $"ProgrammeBooking/{b.Id}", AuditAction.Read, AuditOutcome.Success, b.PersonId);
        }

        audit.Add(user, resource, AuditAction.Search, AuditOutcome.Success, person?.Id);
        await audit.SaveAsync(ct);

        var sessions = rows.Select(r =>
        {
            var s = r.Session;
            var booking = mine.FirstOrDefault(b => b.SessionId == s.Id);
            var position = booking?.Status == BookingStatus.Waiting
                ? waiting.Count(w => w.SessionId == s.Id && w.QueueNumber <= booking.QueueNumber)
                : (int?)null;
            return new MySessionView(
                s.Id, s.ProgrammeId, r.Programme, r.Title, r.Activity, r.Intensity, s.Date,
                TimeZoneInfo.ConvertTime(s.StartsAt, Oslo.Zone).ToString("HH:mm", CultureInfo.InvariantCulture), s.StartsAt, s.EndsAt,
                r.Location, s.Room, FirstName(r.Instructor), r.AccessibilityFeatures, s.Capacity, s.FreePlaces, s.IsCancelled ? 0 : s.Waiting,
                s.IsCancelled, s.CancellationReason, registered.Contains(s.ProgrammeId),
                booking is null ? null : new MySessionBooking(booking.Id, booking.Status, position, booking.OfferExpiresAt));
        }).ToList();
        return new MyTimetableView(kommunenummer, municipality, today, last, needs, wanted, programmeViews, sessions);
    }

    /// <summary>Participants see only the instructor's first name.</summary>
    internal static string? FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
}
