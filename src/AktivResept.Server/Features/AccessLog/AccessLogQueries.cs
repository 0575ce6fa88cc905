using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.AccessLog;

/// <summary>
/// One access to the person's data as they are shown it: who (name, role, HPR, organisation), when, what category of
/// data, why (the purpose), what was done and whether it was allowed. No record ids: the person sees what, not where.
/// </summary>
public sealed record AccessLogEntry(
    DateTimeOffset At,
    string? ActorName,
    string Role,
    string? Hpr,
    string? OrganisationNumber,
    string? OrganisationName,
    string Category,
    string Purpose,
    string Action,
    AuditOutcome Outcome);

/// <summary>
/// Innsyn i logg (the right to see who accessed one's data, pasientjournalloven § 18 and GDPR art. 15): the audit rows
/// about the signed-in person, newest first, denied attempts included. The person's own actions are left out. Only
/// the participant role asks, and only about themself: there is no person id to name, so nobody can ask about another.
/// </summary>
public sealed class AccessLogQueries(AktivDbContext db, CallerRelationships relationships, AuditLog audit)
{
    public const int MaxPageSize = 100;

    public async Task<Outcome<Page<AccessLogEntry>>> ListAsync(CurrentUser user, PageRequest paging, CancellationToken ct)
    {
        if (user.Role != Roles.Participant)
        {
            await audit.DeniedAsync(user, "AccessLog", AuditAction.Search, ct);
            return Failure.Of(ApiErrorCodes.ParticipantOnly);
        }

        var errors = new ValidationErrors();
        if (!paging.Validate(errors, MaxPageSize))
        {
            return Failure.Invalid(errors);
        }

        var personId = (await relationships.ResolveAsync(user, ct)).PersonId;
        audit.Add(user, "AccessLog", AuditAction.Search, AuditOutcome.Success, personId);
        await audit.SaveAsync(ct);
        if (personId is null)
        {
            return paging.Of<AccessLogEntry>([], 0);
        }

        var subject = user.Subject;
        var about = About(personId.Value).Where(a => a.Actor != subject);
        var total = await about.CountAsync(ct);
        // Ids grow with insertion, and SQLite cannot order by an instant: newest first by id.
        var rows = await about.OrderByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var names = await NamesAsync(rows, ct);
        var items = rows.Select(r => new AccessLogEntry(
                r.At,
                r.ActorName ?? (r.ActorHpr is { } hpr && names.People.TryGetValue((hpr, r.Organisation ?? string.Empty), out var person) ? person : null),
                r.Role,
                r.ActorHpr,
                r.Organisation,
                r.Organisation is { } org && names.Organisations.TryGetValue(org, out var orgName) ? orgName : null,
                r.Category ?? AuditCategories.Of(r.Resource),
                r.Purpose,
                r.Action,
                r.Outcome))
            .ToList();
        return paging.Of<AccessLogEntry>(items, total);
    }

    /// <summary>
    /// The rows about the person: naming them alone, or among the many subjects of one record (an attendance delivery).
    /// On PostgreSQL the array test is written as <c>@&gt;</c> so the GIN index answers it.
    /// </summary>
    private IQueryable<AuditRecord> About(Guid personId) => db.IsSqlite()
        ? db.AuditRecords.AsNoTracking().Where(a => a.SubjectPersonId == personId || (a.SubjectPersonIds != null && a.SubjectPersonIds.Contains(personId)))
        : db.AuditRecords.FromSql(
            $"""SELECT * FROM "AuditRecords" WHERE "SubjectPersonId" = {personId} OR "SubjectPersonIds" @> ARRAY[{personId}]::uuid[]""").AsNoTracking();

    /// <summary>The organisations and health professionals a page names, from our registers, in three queries.</summary>
    private async Task<(Dictionary<string, string> Organisations, Dictionary<(string Hpr, string Org), string> People)> NamesAsync(
        List<AuditRecord> rows, CancellationToken ct)
    {
        var orgs = rows.Select(r => r.Organisation).OfType<string>().Distinct().ToList();
        var hprs = rows.Select(r => r.ActorHpr).OfType<string>().Distinct().ToList();
        var organisations = new Dictionary<string, string>(StringComparer.Ordinal);
        var people = new Dictionary<(string, string), string>();
        if (orgs.Count == 0 && hprs.Count == 0)
        {
            return (organisations, people);
        }

        var referrers = await db.Referrers.AsNoTracking()
            .Where(r => orgs.Contains(r.OrganisationNumber) || hprs.Contains(r.Hpr))
            .Select(r => new { r.Hpr, r.Name, r.OrganisationNumber, r.OrganisationName }).ToListAsync(ct);
        foreach (var r in referrers)
        {
            organisations.TryAdd(r.OrganisationNumber, r.OrganisationName);
            people.TryAdd((r.Hpr, r.OrganisationNumber), r.Name);
        }

        foreach (var p in await db.Providers.AsNoTracking().Where(p => orgs.Contains(p.OrganisationNumber)).Select(p => new { p.OrganisationNumber, p.Name }).ToListAsync(ct))
        {
            organisations.TryAdd(p.OrganisationNumber, p.Name);
        }

        foreach (var p in await db.Payers.AsNoTracking().Where(p => orgs.Contains(p.OrganisationNumber)).Select(p => new { p.OrganisationNumber, p.Name }).ToListAsync(ct))
        {
            organisations.TryAdd(p.OrganisationNumber, p.Name);
        }

        return (organisations, people);
    }
}
