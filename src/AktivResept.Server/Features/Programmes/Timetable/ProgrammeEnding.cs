using AktivResept.Domain.Calendar;
using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Timetable;

/// <summary>Ends a programme after <see cref="EndsOn"/> (its last Oslo day); the reason reaches everyone booked on a later date.</summary>
public sealed record EndProgrammeRequest(DateOnly? EndsOn, string? Reason);

/// <summary>The programme's last day, when it stops (the start of the next Oslo day), and the dates cancelled with how many people were told.</summary>
public sealed record EndedProgrammeView(Guid Id, DateOnly EndsOn, DateTimeOffset EndedAt, int CancelledSessions, int Notified);

/// <summary>
/// Ending a programme: the last day is today or later; every date after it that has not started is cancelled through
/// <see cref="SessionCancellation"/>'s own path (bookings end, each person booked or waiting gets the reason by SMS,
/// audited), and <see cref="Programme.EndedAt"/> is set to the start of the next Oslo day, from when it takes no
/// registrations or bookings and leaves the public timetable. Dates up to the end, past sessions, their attendance and
/// claims are untouched. One transaction under the programme's row lock: a second end is 409, nothing is half-done.
/// </summary>
public sealed class ProgrammeEnding(AktivDbContext db, ProgrammeAccess access, SessionCancellation cancellation, AuditLog audit, TimeProvider clock)
{
    /// <summary>How far ahead an end may be set: a programme's terms are at most a year, so two cover any plan.</summary>
    public const int MaxDaysAhead = 2 * 366;

    public async Task<Outcome<EndedProgrammeView>> EndAsync(CurrentUser user, Guid programmeId, EndProgrammeRequest request, CancellationToken ct)
    {
        var resource = $"Programme/{programmeId}";
        var caller = await access.CallerAsync(user, ct);
        if (!await access.Managed(caller).AnyAsync(p => p.Id == programmeId, ct))
        {
            await audit.DeniedAsync(user, resource, AuditAction.Update, ct);
            return Failure.NotFound();
        }

        var now = clock.GetUtcNow();
        var today = Oslo.Today(now);
        var errors = new ValidationErrors();
        if (request.EndsOn is not { } endsOn)
        {
            errors.Add("endsOn", ErrorCodes.Required);
            endsOn = default;
        }
        else if (endsOn < today || endsOn > today.AddDays(MaxDaysAhead))
        {
            errors.Add("endsOn", ProgrammeErrorCodes.EndDateTooEarly.With(("today", today), ("max", today.AddDays(MaxDaysAhead))));
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > SessionCancellation.MaxReason)
        {
            errors.Add("reason", ErrorCodes.RequiredMaxLength.With(("max", SessionCancellation.MaxReason)));
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Programmes" WHERE "Id" = {programmeId} FOR UPDATE""", ct);
        }

        var programme = await db.Programmes.FirstAsync(p => p.Id == programmeId, ct);
        if (programme.EndedAt is { } ended)
        {
            await transaction.RollbackAsync(ct);
            await audit.RefusedAsync(user, resource, AuditAction.Update, null, ct);
            return Failure.Of(ProgrammeErrorCodes.AlreadyEnded.With(("date", Oslo.Today(ended).AddDays(-1))), "endsOn");
        }

        var later = await db.ProgrammeSessions.AsNoTracking()
            .Where(s => s.ProgrammeId == programmeId && s.Date > endsOn && s.CancelledAt == null && s.StartsAt > now)
            .OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync(ct);
        if (db.Database.IsNpgsql() && later.Count > 0)
        {
            // All of them locked first, in id order — the order a batch of bookings locks sessions in — so ending the
            // programme and a batch holding two of its sessions wait for each other rather than deadlock.
            var ids = later.ToArray();
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "ProgrammeSessions" WHERE "Id" = ANY({ids}) ORDER BY "Id" FOR UPDATE""", ct);
        }

        var notified = 0;
        foreach (var sessionId in later)
        {
            // The same lock, bookings, SMS and audit rows as cancelling one date; none is started or cancelled (queried above, under no lock
            // of theirs), so a refusal here means a concurrent change: nothing is saved.
            var cancelled = await cancellation.CancelWithinAsync(user, programmeId, sessionId, reason!, now, ct);
            if (cancelled.Refused is { } refused)
            {
                await transaction.RollbackAsync(ct);
                await audit.RefusedAsync(user, resource, AuditAction.Update, null, ct);
                return Failure.Of(refused);
            }

            notified += cancelled.Notified;
        }

        programme.EndedAt = OsloCalendar.StartOf(endsOn.AddDays(1));
        audit.Add(user, resource, AuditAction.Update, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new EndedProgrammeView(programmeId, endsOn, programme.EndedAt.Value, later.Count, notified);
    }
}
