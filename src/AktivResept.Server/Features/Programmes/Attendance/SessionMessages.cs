using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Attendance;

/// <summary>A short practical note to everyone booked on a session.</summary>
public sealed record SessionMessageRequest(string? Text);

/// <summary>How many people the note was queued for (each once).</summary>
public sealed record SessionMessageSent(Guid SessionId, int Recipients, string Text);

/// <summary>
/// The instructor, or staff who manage the programme, sends a note to every person holding a place on a session
/// (booked, offered, or already marked): one inbox message per person with the session and the text, and an SMS that
/// only says there is a message (<see cref="Notices"/>), written with one audit row per person in one transaction. The
/// text is checked by <see cref="SessionMessage"/>; the system adds only the session's title, date and time.
/// </summary>
public sealed class SessionMessages(AktivDbContext db, SessionRegister register, AuditLog audit, Notices notices)
{
    public async Task<Outcome<SessionMessageSent>> SendAsync(CurrentUser user, Guid sessionId, SessionMessageRequest request, CancellationToken ct)
    {
        var resource = $"ProgrammeSession/{sessionId}/messages";
        if (await register.FindAsync(user, sessionId, ct) is not { } found)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Create, ct);
            return Failure.NotFound();
        }

        var verdict = SessionMessage.Check(request.Text);
        if (verdict != MessageVerdict.Accepted)
        {
            if (verdict is MessageVerdict.NationalId or MessageVerdict.HealthData)
            {
                await audit.RefusedAsync(user, resource, AuditAction.Create, null, ct);
            }

            return verdict switch
            {
                MessageVerdict.Empty => Failure.Of(ProgrammeErrorCodes.MessageRequired, "text"),
                MessageVerdict.TooLong => Failure.Of(ProgrammeErrorCodes.MessageTooLong.With(("max", SessionMessage.MaxLength)), "text"),
                MessageVerdict.NationalId => Failure.Of(ProgrammeErrorCodes.MessageNationalId, "text"),
                _ => Failure.Of(ProgrammeErrorCodes.MessageHealthData.With(("word", SessionMessage.HealthWordIn(request.Text!) ?? string.Empty)), "text"),
            };
        }

        var session = found.Session;
        var holding = BookingStatuses.HoldingAPlace;
        var people = await db.ProgrammeBookings.AsNoTracking()
            .Where(b => b.SessionId == sessionId && holding.Contains(b.Status))
            .Select(b => b.PersonId).Distinct().ToListAsync(ct);
        if (people.Count == 0)
        {
            return Failure.Of(ProgrammeErrorCodes.MessageNoRecipients.With(("date", session.Date)), "sessionId");
        }

        var text = SessionMessage.Compose(session.StartsAt, request.Text!);
        var title = await db.ProgrammeSeries.AsNoTracking().Where(s => s.Id == session.SeriesId).Select(s => s.Title).FirstOrDefaultAsync(ct) ?? string.Empty;
        var note = new SessionNoteData(sessionId, title, session.StartsAt, request.Text!.Trim());
        foreach (var person in people)
        {
            // Written with the audit rows: all commit together.
            await notices.PostAsync(InboxNotice.Of(RecipientKind.Participant, person, PrescriptionEventType.SessionNote, note) with { Nudge = MessageChannel.Sms }, ct);
            audit.Add(user, resource, AuditAction.Create, AuditOutcome.Success, person);
        }

        await db.SaveChangesAsync(ct);
        return new SessionMessageSent(sessionId, people.Count, text);
    }
}
