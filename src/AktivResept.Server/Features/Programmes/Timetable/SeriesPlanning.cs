using System.Globalization;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Programmes;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Timetable;

/// <summary>
/// Weekly series and their dated sessions. A new series is unrolled (<see cref="WeeklySeries"/>) into one session per
/// week for what is left of its term, skipping the term's holidays, each with the series' capacity
/// (<see cref="SessionCapacity"/>). An edit changes the future sessions only, never below the places already taken.
/// A room or instructor in use at an overlapping time is a 409 naming the session. The checks and the write run in one
/// transaction that first locks the location's and the instructor's rows, so two planners cannot both take one slot.
/// </summary>
public sealed class SeriesPlanning(AktivDbContext db, ProgrammeAccess access, AuditLog audit, TimeProvider clock)
{
    public const int MaxTitle = 120;
    public const int MaxRoom = 80;
    public const int MinDuration = 15;
    public const int MaxDuration = 240;

    public async Task<Outcome<SeriesView>> CreateAsync(CurrentUser user, Guid programmeId, Guid termId, SeriesRequest request, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var programme = await access.Managed(caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId, ct);
        var term = programme is null ? null : await db.ProgrammeTerms.AsNoTracking().FirstOrDefaultAsync(t => t.Id == termId && t.ProgrammeId == programmeId, ct);
        if (term is null)
        {
            await audit.DeniedAsync(user, $"Programme/{programmeId}/series", AuditAction.Create, ct);
            return Failure.NotFound();
        }

        var (input, errors) = await ReadAsync(programme!, request, ct);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var from = Max(term.StartsOn, Oslo.Today(now));
        var dates = WeeklySeries.Occurrences(input.Weekday, input.StartTime, input.DurationMinutes, from, term.EndsOn, term.Holidays.ToHashSet())
            .Where(o => o.StartsAt > now).ToList();
        if (dates.Count == 0)
        {
            return Failure.Of(ProgrammeErrorCodes.NoDatesLeft.With(("to", term.EndsOn)), "weekday");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(input, ct);
        var refused = await RefusedAsync(input, dates, null, ct);
        if (refused is not null)
        {
            await transaction.RollbackAsync(ct);
            await audit.RefusedAsync(user, $"Programme/{programmeId}/series", AuditAction.Create, null, ct);
            return refused;
        }

        var series = new ProgrammeSeries { ProgrammeId = programmeId, TermId = termId, CreatedAt = now, CreatedBy = user.Subject };
        input.ApplyTo(series);
        db.ProgrammeSeries.Add(series);
        db.ProgrammeSessions.AddRange(dates.Select(o => new ProgrammeSession
        {
            ProgrammeId = programmeId,
            SeriesId = series.Id,
            Date = o.Date,
            StartsAt = o.StartsAt,
            EndsAt = o.EndsAt,
            Activity = input.Activity,
            LocationId = input.LocationId,
            Room = input.Room,
            InstructorTrainerId = input.InstructorTrainerId,
            Capacity = input.Capacity,
        }));
        audit.Add(user, $"ProgrammeSeries/{series.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (await ViewsAsync(db, programmeId, series.Id, ct)).Single();
    }

    /// <summary>Changes a series and its sessions that have not started; the past and cancelled dates keep what they were.</summary>
    public async Task<Outcome<SeriesView>> EditAsync(CurrentUser user, Guid programmeId, Guid seriesId, SeriesRequest request, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var programme = await access.Managed(caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId, ct);
        var exists = programme is not null && await db.ProgrammeSeries.AnyAsync(s => s.Id == seriesId && s.ProgrammeId == programmeId, ct);
        if (!exists)
        {
            await audit.DeniedAsync(user, $"ProgrammeSeries/{seriesId}", AuditAction.Update, ct);
            return Failure.NotFound();
        }

        var (input, errors) = await ReadAsync(programme!, request, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var series = await db.ProgrammeSeries.FirstAsync(s => s.Id == seriesId, ct);
        if (request.Weekday is { } weekday && weekday != series.Weekday)
        {
            errors.Add("weekday", ProgrammeErrorCodes.WeekdayFixed);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        await LockAsync(input, ct);
        if (db.Database.IsNpgsql())
        {
            // Bookings change a session's counters under its row lock: hold them while capacity is compared with them.
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "ProgrammeSessions" WHERE "SeriesId" = {seriesId} AND "StartsAt" > {now} ORDER BY "Id" FOR UPDATE""", ct);
        }

        var future = await db.ProgrammeSessions.Where(s => s.SeriesId == seriesId && s.StartsAt > now && s.CancelledAt == null).OrderBy(s => s.StartsAt).ToListAsync(ct);
        var moved = future.Select(s =>
        {
            var startsAt = WeeklySeries.At(s.Date, input.StartTime);
            return new SeriesOccurrence(s.Date, startsAt, startsAt.AddMinutes(input.DurationMinutes));
        }).ToList();
        var refused = future.FirstOrDefault(s => s.Booked > input.Capacity) is { } full
            ? Failure.Of(ProgrammeErrorCodes.CapacityBelowBooked.With(("date", full.Date), ("booked", full.Booked), ("session", full.Id)), "headCount")
            : await RefusedAsync(input, moved, seriesId, ct);
        if (refused is not null)
        {
            await transaction.RollbackAsync(ct);
            await audit.RefusedAsync(user, $"ProgrammeSeries/{seriesId}", AuditAction.Update, null, ct);
            return refused;
        }

        input.ApplyTo(series);
        foreach (var (session, at) in future.Zip(moved))
        {
            session.StartsAt = at.StartsAt;
            session.EndsAt = at.EndsAt;
            session.Activity = input.Activity;
            session.LocationId = input.LocationId;
            session.Room = input.Room;
            session.InstructorTrainerId = input.InstructorTrainerId;
            session.Capacity = input.Capacity;
        }

        audit.Add(user, $"ProgrammeSeries/{seriesId}", AuditAction.Update, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (await ViewsAsync(db, programmeId, seriesId, ct)).Single();
    }

    /// <summary>The sessions of a programme between two Oslo days, with fill rate and waiting list (staff only).</summary>
    public async Task<Outcome<IReadOnlyList<StaffSessionView>>> SessionsAsync(CurrentUser user, Guid programmeId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        if (!await access.Managed(caller).AnyAsync(p => p.Id == programmeId, ct))
        {
            await audit.DeniedAsync(user, $"Programme/{programmeId}/sessions", AuditAction.Search, ct);
            return Failure.NotFound();
        }

        var first = from ?? Oslo.Today(clock.GetUtcNow());
        var last = to ?? first.AddDays(27);
        if (last < first || last.DayNumber - first.DayNumber > ProgrammeSetup.MaxTermDays)
        {
            return Failure.Invalid("to", ProgrammeErrorCodes.TimetableRange.With(("max", ProgrammeSetup.MaxTermDays)));
        }

        var sessions = await StaffSessionsAsync(db, db.ProgrammeSessions.Where(s => s.ProgrammeId == programmeId && s.Date >= first && s.Date <= last), ct);
        audit.Add(user, $"Programme/{programmeId}/sessions", AuditAction.Search, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return sessions;
    }

    /// <summary>One session of a programme the caller manages, as the cancel form shows it.</summary>
    public async Task<Outcome<StaffSessionView>> SessionAsync(CurrentUser user, Guid programmeId, Guid sessionId, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var managed = access.Managed(caller).Select(p => p.Id);
        var rows = await StaffSessionsAsync(db, db.ProgrammeSessions.Where(s => s.Id == sessionId && s.ProgrammeId == programmeId && managed.Contains(s.ProgrammeId)), ct);
        if (rows.Count == 0)
        {
            await audit.DeniedAsync(user, $"ProgrammeSession/{sessionId}", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        audit.Add(user, $"ProgrammeSession/{sessionId}", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return rows[0];
    }

    internal static async Task<List<StaffSessionView>> StaffSessionsAsync(AktivDbContext db, IQueryable<ProgrammeSession> sessions, CancellationToken ct)
    {
        var rows = await (from s in sessions.AsNoTracking()
                          join series in db.ProgrammeSeries on s.SeriesId equals series.Id
                          join location in db.Locations on s.LocationId equals location.Id
                          orderby s.StartsAt, series.Title
                          select new
                          {
                              Session = s,
                              series.Title,
                              s.Activity,
                              Location = location.Name,
                              Instructor = db.Trainers.Where(t => t.Id == s.InstructorTrainerId).Select(t => t.Name).FirstOrDefault(),
                          }).ToListAsync(ct);
        return rows.Select(r => ToStaffView(r.Session, r.Title, r.Activity, r.Location, r.Instructor)).ToList();
    }

    internal static StaffSessionView ToStaffView(ProgrammeSession s, string title, ProgrammeActivity activity, string location, string? instructor) =>
        new(s.Id, s.SeriesId, title, activity, s.Date, s.StartsAt, s.EndsAt, location, s.Room, instructor, s.Capacity, s.Booked, s.Waiting, s.FreePlaces,
            s.Capacity == 0 ? 0m : Math.Round((decimal)s.Booked / s.Capacity, 3), s.IsCancelled, s.CancellationReason);

    internal static async Task<List<SeriesView>> ViewsAsync(AktivDbContext db, Guid programmeId, Guid? seriesId, CancellationToken ct)
    {
        var rows = await (from s in db.ProgrammeSeries.AsNoTracking()
                          where s.ProgrammeId == programmeId && (seriesId == null || s.Id == seriesId)
                          join location in db.Locations on s.LocationId equals location.Id
                          orderby s.Weekday, s.StartTime, s.Title
                          select new
                          {
                              Series = s,
                              Location = location.Name,
                              Instructor = db.Trainers.Where(t => t.Id == s.InstructorTrainerId).Select(t => t.Name).FirstOrDefault(),
                              Sessions = db.ProgrammeSessions.Count(x => x.SeriesId == s.Id),
                          }).ToListAsync(ct);
        return rows.Select(r =>
        {
            var s = r.Series;
            return new SeriesView(s.Id, s.TermId, s.Activity, s.Title, s.LocationId, r.Location, s.Room, s.RoomSquareMetres, s.SquareMetresPerPerson, s.HeadCount,
                s.Capacity ?? 0, s.InstructorTrainerId, r.Instructor, s.Weekday, s.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture), s.DurationMinutes,
                s.Intensity, s.AccessibilityFeatures, r.Sessions);
        }).ToList();
    }

    /// <summary>A request checked field by field; the place, the instructor and the capacity resolved.</summary>
    private async Task<(SeriesInput Input, ValidationErrors Errors)> ReadAsync(Programme programme, SeriesRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > MaxTitle)
        {
            errors.Add("title", ErrorCodes.RequiredMaxLength.With(("max", MaxTitle)));
        }

        var room = request.Room?.Trim();
        if (string.IsNullOrEmpty(room) || room.Length > MaxRoom)
        {
            errors.Add("room", ErrorCodes.RequiredMaxLength.With(("max", MaxRoom)));
        }

        Require(request.Activity, "activity", errors);
        Require(request.Weekday, "weekday", errors);
        Require(request.Intensity, "intensity", errors);
        if (request.Weekday is { } day && !Enum.IsDefined(day))
        {
            errors.Add("weekday", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<DayOfWeek>()))));
        }

        TimeOnly start = default;
        if (string.IsNullOrWhiteSpace(request.StartTime))
        {
            errors.Add("startTime", ErrorCodes.Required);
        }
        else if (!TimeOnly.TryParseExact(request.StartTime.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            errors.Add("startTime", ProgrammeErrorCodes.StartTime);
        }

        if (request.DurationMinutes is not { } duration)
        {
            errors.Add("durationMinutes", ErrorCodes.Required);
        }
        else if (duration is < MinDuration or > MaxDuration)
        {
            errors.Add("durationMinutes", ErrorCodes.Between.With(("min", MinDuration), ("max", MaxDuration)));
        }

        if (request.HeadCount is < 1 or > SessionCapacity.Maximum)
        {
            errors.Add("headCount", ErrorCodes.Between.With(("min", 1), ("max", SessionCapacity.Maximum)));
        }

        if (request.RoomSquareMetres is <= 0 or > 100_000)
        {
            errors.Add("roomSquareMetres", ErrorCodes.Between.With(("min", 1), ("max", 100_000)));
        }

        if (request.SquareMetresPerPerson is <= 0 or > 1_000)
        {
            errors.Add("squareMetresPerPerson", ErrorCodes.Between.With(("min", 0.5m), ("max", 1_000)));
        }

        var perPerson = request.SquareMetresPerPerson ?? (request.Activity is { } a ? SessionCapacity.DefaultSquareMetresPerPerson(a) : null);
        var capacity = SessionCapacity.Of(request.HeadCount, request.RoomSquareMetres, perPerson);
        if (capacity is null or < 1 && !errors.Any)
        {
            errors.Add("headCount", ProgrammeErrorCodes.CapacityRequired);
        }

        var features = request.AccessibilityFeatures ?? [];
        for (var i = 0; i < features.Count; i++)
        {
            if (!Enum.IsDefined(features[i]))
            {
                errors.Add($"accessibilityFeatures[{i}]", ApiErrorCodes.WrongType);
            }
        }

        var operatorOrg = await OperatorOrganisationAsync(programme, ct);
        if (request.LocationId is not { } locationId)
        {
            errors.Add("locationId", ErrorCodes.Required);
        }
        else if (!await db.Locations.AnyAsync(l => l.Id == locationId && l.Kommunenummer == programme.Kommunenummer
                     && (programme.ProviderId == null || l.ProviderId == programme.ProviderId), ct))
        {
            errors.Add("locationId", ProgrammeErrorCodes.LocationNotOperators);
        }

        string? instructorName = null;
        List<Certification> certifications = [];
        if (request.InstructorTrainerId is not { } trainerId)
        {
            errors.Add("instructorTrainerId", ErrorCodes.Required);
        }
        else
        {
            var trainer = await db.Trainers.AsNoTracking().Include(t => t.Roles).Include(t => t.Certifications).FirstOrDefaultAsync(t => t.Id == trainerId, ct);
            var today = Oslo.Today(clock.GetUtcNow());
            if (trainer is null || operatorOrg is null || !trainer.Roles.Any(r => r.OrganisationNumber == operatorOrg && r.IsActiveOn(today)))
            {
                errors.Add("instructorTrainerId", ProgrammeErrorCodes.InstructorNotOperators);
            }
            else
            {
                instructorName = trainer.Name;
                certifications = [.. trainer.Certifications.Select(c => c.ToDomain())];
            }
        }

        var input = new SeriesInput(request.Activity ?? default, title ?? string.Empty, request.LocationId ?? Guid.Empty, room ?? string.Empty, request.RoomSquareMetres,
            request.SquareMetresPerPerson, request.HeadCount, request.InstructorTrainerId, instructorName, request.Weekday ?? default, start, request.DurationMinutes ?? 0,
            request.Intensity ?? default, [.. features.Distinct()], capacity ?? 0, certifications);
        return (input, errors);
    }

    /// <summary>Whose trainers may lead the programme's classes: the gym's, or the municipality's own staff.</summary>
    private async Task<string?> OperatorOrganisationAsync(Programme programme, CancellationToken ct) => programme.ProviderId is { } gym
        ? await db.Providers.Where(p => p.Id == gym).Select(p => p.OrganisationNumber).FirstOrDefaultAsync(ct)
        : await db.Payers.Where(p => p.Kind == PayerKind.Municipality && p.Kommunenummer == programme.Kommunenummer).Select(p => p.OrganisationNumber).FirstOrDefaultAsync(ct);

    /// <summary>Takes the location's and the instructor's row locks (in that order, for every planner) on PostgreSQL.</summary>
    private async Task LockAsync(SeriesInput input, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Locations" WHERE "Id" = {input.LocationId} FOR UPDATE""", ct);
        if (input.InstructorTrainerId is { } trainer)
        {
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Trainers" WHERE "Id" = {trainer} FOR UPDATE""", ct);
        }
    }

    /// <summary>The first rule the dates break: the instructor's certification, then the room, then the instructor's time.</summary>
    private async Task<Failure?> RefusedAsync(SeriesInput input, List<SeriesOccurrence> dates, Guid? ownSeries, CancellationToken ct)
    {
        if (dates.Count == 0)
        {
            return null;
        }

        var firstDay = dates[0].Date;
        var lastDay = dates[^1].Date;
        if (!Qualification.Qualifies(input.Certifications, null, firstDay, lastDay))
        {
            return Failure.Of(ProgrammeErrorCodes.InstructorNotCertified.With(("instructor", input.InstructorName ?? "?"), ("from", firstDay), ("to", lastDay)), "instructorTrainerId");
        }

        var earliest = dates.Min(d => d.StartsAt);
        var latest = dates.Max(d => d.EndsAt);
        var location = input.LocationId;
        var instructor = input.InstructorTrainerId;
        var others = await (from s in db.ProgrammeSessions.AsNoTracking()
                            where s.CancelledAt == null && (ownSeries == null || s.SeriesId != ownSeries)
                                  && s.StartsAt < latest && s.EndsAt > earliest
                                  && (s.LocationId == location || (instructor != null && s.InstructorTrainerId == instructor))
                            join series in db.ProgrammeSeries on s.SeriesId equals series.Id
                            orderby s.StartsAt
                            select new { Session = s, series.Title }).ToListAsync(ct);
        foreach (var date in dates)
        {
            var overlapping = others.Where(o => o.Session.StartsAt < date.EndsAt && o.Session.EndsAt > date.StartsAt).ToList();
            if (overlapping.FirstOrDefault(o => o.Session.LocationId == location && string.Equals(o.Session.Room.Trim(), input.Room, StringComparison.OrdinalIgnoreCase)) is { } room)
            {
                return Failure.Of(ProgrammeErrorCodes.RoomDoubleBooked.With(Conflict(room.Session, room.Title, ("room", input.Room))), "room");
            }

            if (overlapping.FirstOrDefault(o => instructor != null && o.Session.InstructorTrainerId == instructor) is { } busy)
            {
                return Failure.Of(ProgrammeErrorCodes.InstructorDoubleBooked.With(Conflict(busy.Session, busy.Title, ("instructor", input.InstructorName ?? "?"))), "instructorTrainerId");
            }
        }

        return null;
    }

    private static (string, object)[] Conflict(ProgrammeSession session, string title, (string, object) who)
    {
        var local = TimeZoneInfo.ConvertTime(session.StartsAt, Oslo.Zone);
        return [who, ("title", title), ("date", session.Date), ("time", local.ToString("HH:mm", CultureInfo.InvariantCulture)), ("session", session.Id)];
    }

    private static void Require<T>(T? value, string field, ValidationErrors errors)
        where T : struct
    {
        if (value is null)
        {
            errors.Add(field, ErrorCodes.Required);
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private sealed record SeriesInput(
        ProgrammeActivity Activity, string Title, Guid LocationId, string Room, decimal? RoomSquareMetres, decimal? SquareMetresPerPerson, int? HeadCount,
        Guid? InstructorTrainerId, string? InstructorName, DayOfWeek Weekday, TimeOnly StartTime, int DurationMinutes, Intensity Intensity,
        List<Domain.Matching.AccessibilityFeature> AccessibilityFeatures, int Capacity, IReadOnlyList<Certification> Certifications)
    {
        public void ApplyTo(ProgrammeSeries series)
        {
            series.Activity = Activity;
            series.Title = Title;
            series.LocationId = LocationId;
            series.Room = Room;
            series.RoomSquareMetres = RoomSquareMetres;
            series.SquareMetresPerPerson = SquareMetresPerPerson;
            series.HeadCount = HeadCount;
            series.InstructorTrainerId = InstructorTrainerId;
            series.Weekday = Weekday;
            series.StartTime = StartTime;
            series.DurationMinutes = DurationMinutes;
            series.Intensity = Intensity;
            series.AccessibilityFeatures = AccessibilityFeatures;
        }
    }
}
