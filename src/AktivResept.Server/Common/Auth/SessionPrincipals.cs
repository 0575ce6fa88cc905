using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AktivResept.Server.Common.Auth;

/// <summary>Who a web session is: the claims a token for the same person and role would carry.</summary>
/// <param name="Role">Null: signed in, no role chosen yet (grants nothing but the role chooser).</param>
/// <param name="Provider">The identity provider signed in through (<c>Oidc/OidcProviders</c>); null for the development personas.</param>
public sealed record SessionIdentity(
    string Subject,
    string? Role,
    string? Name,
    string? Hpr = null,
    string? Organisation = null,
    string? OrganisationName = null,
    string? NationalId = null,
    string? AssuranceLevel = null,
    bool SeveralRoles = false,
    string? Provider = null);

/// <summary>The one place a web session's principal is built, whether from a development persona or a real sign-in.</summary>
public static class SessionPrincipals
{
    /// <summary>Set on a session whose person holds several roles: the header then offers the role chooser.</summary>
    public const string SeveralRolesClaim = "several_roles";

    /// <summary>The name of the organisation the session acts for, shown in the header.</summary>
    public const string OrganisationNameClaim = "org_name";

    /// <summary>The identity provider the session came from: sign-out ends the session there too.</summary>
    public const string ProviderClaim = "idp";

    public static ClaimsPrincipal For(SessionIdentity who)
    {
        List<Claim> claims = [new(ClaimNames.Subject, who.Subject)];
        Add(claims, ClaimNames.Role, who.Role);
        Add(claims, ClaimNames.Name, who.Name);
        Add(claims, ClaimNames.Hpr, who.Hpr);
        Add(claims, ClaimNames.Organisation, who.Organisation);
        Add(claims, OrganisationNameClaim, who.OrganisationName);
        Add(claims, ClaimNames.NationalId, who.NationalId);
        Add(claims, ClaimNames.AssuranceLevel, who.AssuranceLevel);
        Add(claims, ProviderClaim, who.Provider);
        if (who.SeveralRoles)
        {
            claims.Add(new Claim(SeveralRolesClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimNames.Name, ClaimNames.Role));
    }

    private static void Add(List<Claim> claims, string type, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims.Add(new Claim(type, value));
        }
    }
}
