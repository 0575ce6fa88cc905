using System.Security.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Features.Demo;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace AktivResept.Server.Components.Account;

/// <summary>Development sign-in with the demo personas, sign-out, and the language choice.</summary>
public static class AccountEndpoints
{
    public const string SignInPath = "/konto/logg-inn";
    public const string SignOutPath = "/konto/logg-ut";
    public const string LanguagePath = "/konto/sprak";

    /// <summary>The persona sign-in exists only where there is no real identity provider.</summary>
    public static bool DevSignInAllowed(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public static IEndpointRouteBuilder MapAccountEndpoints(this WebApplication app)
    {
        if (DevSignInAllowed(app.Environment))
        {
            // [FromForm] makes the antiforgery middleware check the token.
            app.MapPost(SignInPath, async ([FromForm] string persona, [FromForm] string? returnUrl, HttpContext http) =>
            {
                var chosen = DemoIdentities.Personas.FirstOrDefault(p => p.Key == persona);
                if (chosen is null)
                {
                    return Results.Redirect("/logg-inn");
                }

                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalFor(chosen));
                return Results.LocalRedirect(LocalOr(returnUrl, HomeFor(chosen.Role)));
            }).CountsAsSignIn("persona").ExcludeFromDescription();
        }

        app.MapPost(SignOutPath, async (HttpContext http, IAntiforgery antiforgery) =>
        {
            // The antiforgery middleware records a failed check, but only form binding acts on it, and this endpoint
            // binds nothing: without asking here a cross-site POST could sign anyone out.
            var valid = http.Features.Get<IAntiforgeryValidationFeature>()?.IsValid ?? await antiforgery.IsRequestValidAsync(http);
            if (!valid)
            {
                return Problems.Of(StatusCodes.Status400BadRequest, ValidationErrors.Title, ApiErrorCodes.AntiforgeryInvalid);
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/logg-inn");
        }).RequireAuthorization(WebUiModule.Policy).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();

        // A plain link (GET): it only stores a display preference, so it needs no antiforgery token.
        // Lax, unlike the other two: a display preference that grants nothing, and a link from elsewhere should open
        // the page in the language the person chose.
        var language = new CookieBuilder { Expiration = TimeSpan.FromDays(365), IsEssential = true };
        SiteCookies.Harden(language, SiteCookies.Language, SameSiteMode.Lax, app.Environment);
        app.MapGet(LanguagePath, (string? culture, string? returnUrl, HttpContext http, TimeProvider clock) =>
        {
            var chosen = WebUiModule.Cultures.FirstOrDefault(c => c.Name == culture) ?? WebUiModule.Cultures[0];
            http.Response.Cookies.Append(
                language.Name!,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                language.Build(http, clock.GetUtcNow()));
            return Results.LocalRedirect(LocalOr(returnUrl, "/"));
        }).ExcludeFromDescription();

        return app;
    }

    /// <summary>The same claims, subject included, that a development token for this persona carries.</summary>
    public static ClaimsPrincipal PrincipalFor(DemoPersona persona)
    {
        var claims = new List<Claim>
        {
            new(ClaimNames.Subject, DevTokens.Subject(persona.Role, persona.Hpr, persona.Org, persona.Fnr)),
            new(ClaimNames.Role, persona.Role),
            new(ClaimNames.Name, persona.DisplayName),
        };
        AddIf(claims, ClaimNames.Hpr, persona.Hpr);
        AddIf(claims, ClaimNames.Organisation, persona.Org);
        AddIf(claims, ClaimNames.NationalId, persona.Fnr);
        if (persona.Fnr is not null)
        {
            claims.Add(new Claim(ClaimNames.AssuranceLevel, "idporten-loa-high"));
        }

        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimNames.Name, ClaimNames.Role);
        return new ClaimsPrincipal(identity);
    }

    public static string HomeFor(string role) => role switch
    {
        Roles.Referrer or Roles.Ehr => "/henvisninger",
        Roles.ProviderAdmin => "/tilbyder/henvisninger",
        Roles.Participant => "/mine-resepter",
        Roles.Trainer => "/trener",
        Roles.Payer => "/betaler/krav",
        Roles.Municipality => "/kommune",
        _ => "/",
    };

    private static void AddIf(List<Claim> claims, string type, string? value)
    {
        if (value is not null)
        {
            claims.Add(new Claim(type, value));
        }
    }

    private static string LocalOr(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) &&
        !url.Any(char.IsControl)
            ? url
            : fallback;
}
