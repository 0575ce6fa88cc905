using AktivResept.Domain.Errors;
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
    DateTimeOffset WindowStart,
    DateTimeOffset? ClosedAt = null,
    string? ClosedByName = null,
    string? ClosingNote = null)
{
    public static SecurityAlertView Of(SecurityAlert a) =>
        new(a.Id, a.RaisedAt, a.Kind, a.Actor, a.ActorName, a.ActorHpr, a.Organisation, a.Count, a.WindowStart, a.ClosedAt, a.ClosedByName ?? a.ClosedBy, a.ClosingNote);
}

/// <summary>The alerts raised on unusual look-up volumes (<see cref="PersonLookups"/>), newest first, for the security officer only; every read audited.</summary>
public sealed class SecurityAlertQueries(AktivDbContext db, AuditLog audit, TimeProvider clock)
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
            [.. rows.Select(SecurityAlertView.Of)],
            total);
    }

    /// <summary>One alert, for the officer's close page; unknown is 404.</summary>
    public async Task<Outcome<SecurityAlertView>> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        if (user.Role != Roles.SecurityOfficer)
        {
            await audit.DeniedAsync(user, $"SecurityAlert/{id}", AuditAction.Read, ct);
            return Failure.Of(ApiErrorCodes.SecurityOfficerOnly);
        }

        var alert = await db.SecurityAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null)
        {
            return Failure.NotFound();
        }

        audit.Add(user, $"SecurityAlert/{id}", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return SecurityAlertView.Of(alert);
    }

    /// <summary>
    /// The officer closes an alert with a note saying what they found or did; the close is audited in the same save.
    /// A note is required (400 naming <c>note</c>); an alert closed already is 409.
    /// </summary>
    public async Task<Outcome<SecurityAlertView>> CloseAsync(CurrentUser user, Guid id, string? note, CancellationToken ct)
    {
        if (user.Role != Roles.SecurityOfficer)
        {
            await audit.DeniedAsync(user, $"SecurityAlert/{id}", AuditAction.Update, ct);
            return Failure.Of(ApiErrorCodes.SecurityOfficerOnly);
        }

        var trimmed = note?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > SecurityAlert.NoteMaxLength)
        {
            return Failure.Invalid("note", ErrorCodes.RequiredMaxLength.With(("max", SecurityAlert.NoteMaxLength)));
        }

        var alert = await db.SecurityAlerts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null)
        {
            return Failure.NotFound();
        }

        if (alert.ClosedAt is not null)
        {
            return Failure.Of(ApiErrorCodes.SecurityAlertClosed);
        }

        alert.ClosedAt = clock.GetUtcNow();
        alert.ClosedBy = user.Subject;
        alert.ClosedByName = user.Name is { Length: > 0 } name ? name[..Math.Min(name.Length, 200)] : null;
        alert.ClosingNote = trimmed;
        audit.Add(user, $"SecurityAlert/{id}", AuditAction.Update + ":close", AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return SecurityAlertView.Of(alert);
    }
}
