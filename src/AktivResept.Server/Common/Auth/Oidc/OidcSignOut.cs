using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AktivResept.Server.Common.Auth.Oidc;

/// <summary>
/// Sign-out: the session cookie goes, and a session from ID-porten or HelseID is also ended at the provider
/// (RP-initiated logout: end_session_endpoint with id_token_hint, back to /logg-inn through the post-logout redirect).
/// </summary>
public static class OidcSignOut
{
    public static async Task<IResult> ResultAsync(HttpContext http)
    {
        var provider = http.User.FindFirstValue(SessionPrincipals.ProviderClaim);
        if (http.RequestServices.GetService<OidcCatalog>()?.Offers(provider) == true)
        {
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/logg-inn" }, [CookieAuthenticationDefaults.AuthenticationScheme, provider!]);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/logg-inn");
    }
}

/// <summary>A session re-issued (a role chosen) keeps its idle window and the id_token sign-out needs.</summary>
public static class SessionLifetime
{
    public static AuthenticationProperties? Keep(AuthenticateResult current) => current.Succeeded ? current.Properties : null;
}
