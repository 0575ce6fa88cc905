using System.Security.Claims;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Server.Common.Auth;

/// <summary>The authenticated caller, parsed once from the token's claims.</summary>
public sealed record CurrentUser(string Subject, string Role, HprNumber? Hpr, OrganisationNumber? Organisation, Fodselsnummer? NationalId, string? Name)
{
    public Actor AsActor => new(Subject, Role);

    public bool Is(params string[] roles) => roles.Contains(Role);

    public static CurrentUser? From(ClaimsPrincipal principal, bool allowTestIdentities)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var subject = principal.FindFirstValue(ClaimNames.Subject) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var role = principal.FindFirstValue(ClaimNames.Role) ?? principal.FindFirstValue(ClaimTypes.Role);
        if (subject is null || role is null || !Roles.All.Contains(role))
        {
            return null;
        }

        _ = HprNumber.TryParse(principal.FindFirstValue(ClaimNames.Hpr), out var hpr, out _);
        _ = OrganisationNumber.TryParse(principal.FindFirstValue(ClaimNames.Organisation), out var org, out _);
        Fodselsnummer.TryParse(principal.FindFirstValue(ClaimNames.NationalId), allowTestIdentities, out var fnr, out _);
        // An EHR's token names the system client, shared by everyone using that EHR: the acting professional is
        // part of who the actor is, so one professional's lookups and audit trail are never another's.
        if (role == Roles.Ehr && hpr is not null)
        {
            subject = $"{subject}/hpr:{hpr.Value}";
        }

        // HelseID keeps a person's subject across organisations, but a referrer acts for one at a time: what they did
        // for one practice (its audit rows, the look-ups counted for alerts) is not another's.
        if (role is Roles.Referrer or Roles.Ehr && org is not null)
        {
            subject = $"{subject}/org:{org.Value}";
        }

        return new CurrentUser(subject, role, hpr, org, fnr, principal.FindFirstValue(ClaimNames.Name));
    }
}
