using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.SecurityAlerts;

/// <summary>One alert as the security officer sees it: who looked up how many people, and in which window.</summary>
public sealed record SecurityAlertView(
    Guid Id,
    DateTimeOffset RaisedAt,
    string Kind,
    string Actor,
    string? ActorName,
    string? Hpr,
    string? OrganisationNumber,
    int Count,
    DateTimeOffset WindowStart);

/// <summary>The alerts raised on unusual look-up volumes (<see cref="PersonLookups"/>), newest first, for the security officer only; every read audited.</summary>
public sealed class SecurityAlertQueries(AktivDbContext db, AuditLog audit)
{
    public const int MaxPageSize = 100;

    public async Task<Outcome<Page<SecurityAlertView>>> ListAsync(CurrentUser user, PageRequest paging, CancellationToken ct)
    {
        if (user.Role != Roles.SecurityOfficer)
        {
            await audit.DeniedAsync(user, "SecurityAlert", AuditAction.Search, ct);
            return Failure.Of(ApiErrorCodes.SecurityOfficerOnly);
        }

        var errors = new ValidationErrors();
        if (!paging.Validate(errors, MaxPageSize))
        {
            return Failure.Invalid(errors);
        }

        audit.Add(user, "SecurityAlert", AuditAction.Search, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        var all = db.SecurityAlerts.AsNoTracking();
        var total = await all.CountAsync(ct);
        // Ids are version-7 GUIDs (time-ordered), and SQLite cannot order by an instant: newest first by id.
        var rows = await all.OrderByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return paging.Of<SecurityAlertView>(
            [.. rows.Select(a => new SecurityAlertView(a.Id, a.RaisedAt, a.Kind, a.Actor, a.ActorName, a.ActorHpr, a.Organisation, a.Count, a.WindowStart))],
            total);
    }
}
