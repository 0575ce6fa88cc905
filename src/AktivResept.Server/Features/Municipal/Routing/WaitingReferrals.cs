using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Municipal.Routing;

/// <summary>A referral no gym has accepted yet: unsent, or sent and unanswered (the coordinator may send it elsewhere).</summary>
public sealed record WaitingReferral(
    Guid Id,
    string ParticipantName,
    string ReferrerName,
    string ReferrerOrganisation,
    FundingSource Funding,
    DateTimeOffset? IssuedAt,
    DateOnly StartDate,
    int DurationWeeks,
    string? SentToProvider,
    string? SentToLocation,
    DateTimeOffset? SentAt,
    int WaitingDays);

/// <summary>
/// The coordinator's queue: the municipality's referrals waiting for a gym (the scope is the access module's,
/// <see cref="PrescriptionScope"/>), oldest first. Routing itself is the prescription's own steps: candidates from the
/// matching (contracted gyms only when the municipality pays) and send, both as the coordinator.
/// </summary>
public sealed class WaitingReferrals(AktivDbContext db, PrescriptionScope scope, CallerRelationships relationships, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<WaitingReferral>>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.Is(Roles.Municipality))
        {
            await audit.DeniedAsync(user, "Municipality/waiting-referrals", AuditAction.Search, ct);
            return Failure.Of(ApiErrorCodes.RoleNotAllowed);
        }

        if (await relationships.MunicipalityOfAsync(user, ct) is null)
        {
            await audit.DeniedAsync(user, "Municipality/waiting-referrals", AuditAction.Search, ct);
            return Failure.NotFound();
        }

        var visible = (await scope.VisibleToAsync(user, ct)).AsNoTracking();
        var rows = await visible
            .Join(db.People, p => p.ParticipantId, person => person.Id, (p, person) => new { p, Name = person.GivenName + " " + person.FamilyName })
            .Join(db.Referrers, x => x.p.ReferrerId, r => r.Id, (x, r) => new { x.p, x.Name, Referrer = r.Name, r.OrganisationName })
            .Select(x => new
            {
                x.p.Id,
                x.p.ParticipantId,
                x.Name,
                x.Referrer,
                x.OrganisationName,
                x.p.Funding,
                x.p.IssuedAt,
                x.p.StartDate,
                x.p.DurationWeeks,
                x.p.SentAt,
                Provider = db.Providers.Where(pr => pr.Id == x.p.ProviderId).Select(pr => pr.Name).FirstOrDefault(),
                Location = db.Locations.Where(l => l.Id == x.p.LocationId).Select(l => l.Name).FirstOrDefault(),
            })
            .OrderBy(x => x.Id)
            .Take(500)
            .ToListAsync(ct);

        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        foreach (var subject in rows.Select(r => r.ParticipantId).Distinct())
        {
            audit.Add(user, "Municipality/waiting-referrals", AuditAction.Search, AuditOutcome.Success, subject);
        }

        if (rows.Count == 0)
        {
            audit.Add(user, "Municipality/waiting-referrals", AuditAction.Search, AuditOutcome.Success);
        }

        await db.SaveChangesAsync(ct);
        return rows
            .OrderBy(r => r.IssuedAt)
            .ThenBy(r => r.Id)
            .Select(r => new WaitingReferral(r.Id, r.Name, r.Referrer, r.OrganisationName, r.Funding, r.IssuedAt, r.StartDate, r.DurationWeeks,
                r.Provider, r.Location, r.SentAt, r.IssuedAt is { } at ? today.DayNumber - OsloCalendar.DateOf(at).DayNumber : 0))
            .ToList();
    }
}
