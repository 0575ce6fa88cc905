using System.Security.Claims;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Auth;

/// <summary>One sign-in or sign-out, as the person's «innsyn» shows it: when, how (ID-porten, HelseID, development) and at which level.</summary>
public sealed record SessionEvent(DateTimeOffset At, string Action, string Method, string? Level);

/// <summary>
/// Every sign-in and sign-out leaves an audit row (who, when, method, level), about the person themself when we know
/// them, so their access log lists it. Method and level are kept in the row's resource: <c>Session/{method}/{level}</c>.
/// </summary>
public sealed class SignInAudit(AuditLog audit, AktivDbContext db, NationalIdLookupHash lookupHash, IOptions<TestIdentityOptions> identity)
{
    public const string Resource = "Session";
    public const string SignIn = "sign-in";
    public const string SignOut = "sign-out";
    public const string Development = "development";

    public async Task RecordAsync(ClaimsPrincipal session, string action, CancellationToken cancellationToken)
    {
        if (session.FindFirstValue(ClaimNames.Subject) is not { } subject)
        {
            return;
        }

        Domain.Identifiers.Fodselsnummer.TryParse(session.FindFirstValue(ClaimNames.NationalId), identity.Value.AllowTestIdentities, out var fnr, out _);
        // A session that has not chosen a role yet (the role chooser) is still a sign-in by that person.
        var user = CurrentUser.From(session, identity.Value.AllowTestIdentities)
                   ?? new CurrentUser(subject, "none", null, null, fnr, session.FindFirstValue(ClaimNames.Name));
        Guid? person = null;
        if (fnr is not null)
        {
            var hash = lookupHash.Of(fnr);
            person = await db.People.AsNoTracking().Where(p => p.NationalIdHash == hash).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        }

        var method = session.FindFirstValue(SessionPrincipals.ProviderClaim) ?? Development;
        var level = session.FindFirstValue(ClaimNames.AssuranceLevel);
        audit.Add(user, level is null ? $"{Resource}/{method}" : $"{Resource}/{method}/{level}", action, AuditOutcome.Success, person);
        await audit.SaveAsync(cancellationToken);
    }

    /// <summary>The signed-in person's own sign-ins and sign-outs, newest first (read with their access log, whose row audits it).</summary>
    public async Task<IReadOnlyList<SessionEvent>> OfAsync(CurrentUser user, int take, CancellationToken cancellationToken)
    {
        if (user.NationalId is not { } fnr)
        {
            return [];
        }

        var hash = lookupHash.Of(fnr);
        var personId = await db.People.AsNoTracking().Where(p => p.NationalIdHash == hash).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        var rows = await db.AuditRecords.AsNoTracking()
            .Where(a => a.SubjectPersonId == personId && EF.Functions.Like(a.Resource, Resource + "/%") && (a.Action == SignIn || a.Action == SignOut))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(take)
            .Select(a => new { a.At, a.Action, a.Resource })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => Event(r.At, r.Action, r.Resource))];
    }

    private static SessionEvent Event(DateTimeOffset at, string action, string resource)
    {
        var parts = resource.Split('/', 3);
        return new SessionEvent(at, action, parts.Length > 1 ? parts[1] : Development, parts.Length > 2 ? parts[2] : null);
    }
}
