using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Programmes;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Claims.Generation;

/// <summary>A gym-run «Aktiv på dagtid» programme's month: who pays, how, and the sessions it delivered.</summary>
public sealed record ProgrammeMonth(Guid ProgrammeId, Guid PayerId, ProgrammeFunding Funding, IReadOnlyList<DeliveredSession> Sessions);

/// <summary>
/// Reads what a provider's «Aktiv på dagtid» programmes bill in a month: the programmes the gym runs under a contract
/// or on state funding (a municipality's own programme makes no claims), their sessions in the month with the
/// attended places, less what is already a charge on a submitted claim (drafts are about to be redone). Three queries.
/// </summary>
public sealed class ProgrammeClaimReader(AktivDbContext db)
{
    public async Task<IReadOnlyList<ProgrammeMonth>> ReadAsync(Guid providerId, DateOnly month, CancellationToken ct)
    {
        var from = OsloCalendar.StartOf(month);
        var to = OsloCalendar.StartOf(month.AddMonths(1));
        var programmes = await db.Programmes.AsNoTracking()
            .Where(p => p.ProviderId == providerId && p.Operator != ProgrammeOperator.Municipality && p.PayerId != null)
            .Select(p => new { p.Id, PayerId = p.PayerId!.Value, p.Funding })
            .ToListAsync(ct);
        if (programmes.Count == 0)
        {
            return [];
        }

        var programmeIds = programmes.Select(p => p.Id).ToArray();
        var sessions = await db.ProgrammeSessions.AsNoTracking()
            .Where(s => programmeIds.Contains(s.ProgrammeId) && s.StartsAt >= from && s.StartsAt < to)
            .Select(s => new { s.Id, s.ProgrammeId, s.Date, s.StartsAt, s.InstructorTrainerId, s.CancelledAt })
            .ToListAsync(ct);
        var sessionIds = sessions.Select(s => s.Id).ToArray();
        var attended = (await db.ProgrammeBookings.AsNoTracking()
                .Where(b => sessionIds.Contains(b.SessionId) && b.Status == BookingStatus.Attended)
                .Select(b => new { b.Id, b.SessionId, b.PersonId })
                .ToListAsync(ct))
            .ToLookup(b => b.SessionId, b => new AttendedPlace(b.Id, b.PersonId));

        // A booking (per head) or session (per session) charged on a submitted claim is settled; the unique index on
        // the charged id is the last word, this keeps a retried run from even trying.
        var chargeable = sessionIds.Concat(attended.SelectMany(g => g).Select(a => a.BookingId)).ToArray();
        var settled = (await (
                from l in db.ClaimLines.AsNoTracking()
                join c in db.Claims on l.ClaimId equals c.Id
                where l.Kind == ClaimLineKind.Charge && l.SessionId != null && chargeable.Contains(l.SessionId.Value) && c.Status != ClaimStatus.Draft
                select l.SessionId!.Value)
            .ToListAsync(ct)).ToHashSet();

        return [.. programmes.Select(p => new ProgrammeMonth(p.Id, p.PayerId, p.Funding, [.. sessions
            .Where(s => s.ProgrammeId == p.Id && !(p.Funding == ProgrammeFunding.PerSession && settled.Contains(s.Id)))
            .Select(s => new DeliveredSession(s.Id, s.Date, s.StartsAt, s.InstructorTrainerId, s.CancelledAt is not null,
                [.. attended[s.Id].Where(a => p.Funding == ProgrammeFunding.PerSession || !settled.Contains(a.BookingId))]))]))];
    }
}
