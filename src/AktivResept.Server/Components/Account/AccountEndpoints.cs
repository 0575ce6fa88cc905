using System.Security.Claims;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Auth.Oidc;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Features.Demo;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace AktivResept.Server.Components.Account;

/// <summary>Development sign-in with the demo personas, sign-out, and the language choice.</summary>
public static class AccountEndpoints
{
    public const string SignInPath = WebPaths.SignIn;
    public const string SignOutPath = WebPaths.SignOut;
    public const string LanguagePath = WebPaths.Language;
    public const string ChooseRolePath = WebPaths.ChooseRole;

    /// <summary>Set on a session whose person holds several roles: the header then offers the role chooser.</summary>
    public const string SeveralRolesClaim = SessionPrincipals.SeveralRolesClaim;

    /// <summary>The name of the organisation the session acts for, shown in the header.</summary>
    public const string OrganisationNameClaim = SessionPrincipals.OrganisationNameClaim;

    public static string ChoiceKey(ActingRole role) => $"{role.Role}:{role.OrganisationNumber}";

    /// <summary>The role chooser's «deltaker»: the person themself, no organisation.</summary>
    public const string ParticipantChoice = Roles.Participant;

    /// <summary>Anyone signed in as a citizen (ID-porten, or a development persona with a national id) may act as a participant; not a HelseID session.</summary>
    public static bool MayActAsParticipant(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimNames.NationalId) is not null && user.FindFirstValue(SessionPrincipals.ProviderClaim) != OidcProviders.HelseId;

    /// <summary>The persona sign-in exists only where there is no real identity provider.</summary>
    public static bool DevSignInAllowed(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public static IEndpointRouteBuilder MapAccountEndpoints(this WebApplication app)
    {
        if (DevSignInAllowed(app.Environment))
        {
            // [FromForm] makes the antiforgery middleware check the token.
            app.MapPost(SignInPath, async ([FromForm] string persona, [FromForm] string? returnUrl, HttpContext http, ActingRoles roles, SignInAudit audit) =>
            {
                var chosen = DemoIdentities.Personas.FirstOrDefault(p => p.Key == persona);
                if (chosen is null)
                {
                    return Results.Redirect("/logg-inn");
                }

                // A person with several positions (a shared position) chooses the role to act in before anything is granted.
                if (chosen.Fnr is { } fnr && chosen.Role == Roles.Trainer &&
                    (await roles.OfAsync(Domain.Identifiers.Fodselsnummer.Parse(fnr, allowSynthetic: true), http.RequestAborted)).Count > 1)
                {
                    var person = PersonWithoutRole(chosen.DisplayName, fnr);
                    await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, person);
                    await audit.RecordAsync(person, SignInAudit.SignIn, http.RequestAborted);
                    return Results.LocalRedirect(ChooseRolePath);
                }

                var session = PrincipalFor(chosen);
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, session);
                await audit.RecordAsync(session, SignInAudit.SignIn, http.RequestAborted);
                return Results.LocalRedirect(WebPaths.LocalOr(returnUrl, WebPaths.HomeFor(chosen.Role)));
            }).CountsAsSignIn("persona").ExcludeFromDescription();
        }

        app.MapOidcSignIn();

        // The role chooser's choice: only a role the person holds today (ActingRoles) becomes the session's role.
        app.MapPost(ChooseRolePath, async ([FromForm] string choice, HttpContext http, ActingRoles roles) =>
        {
            var fnrClaim = http.User.FindFirstValue(ClaimNames.NationalId);
            var allowSynthetic = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Common.Security.TestIdentityOptions>>().Value.AllowTestIdentities;
            if (fnrClaim is null || !Domain.Identifiers.Fodselsnummer.TryParse(fnrClaim, allowSynthetic, out var fnr, out _))
            {
                return Results.LocalRedirect("/logg-inn");
            }

            var held = await roles.OfAsync(fnr!, http.RequestAborted);
            if (choice == ParticipantChoice && MayActAsParticipant(http.User))
            {
                // Themself: a participant session that keeps the way back to their positions.
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, ParticipantFor(http.User, fnrClaim, held.Count > 0), SessionLifetime.Keep(await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)));
                return Results.LocalRedirect(WebPaths.HomeFor(Roles.Participant));
            }

            var picked = held.FirstOrDefault(r => ChoiceKey(r) == choice);
            if (picked is null)
            {
                return Results.LocalRedirect(ChooseRolePath);
            }

            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalFor(http.User, picked, fnrClaim, held.Count > 1), SessionLifetime.Keep(await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)));
            return Results.LocalRedirect(WebPaths.HomeFor(picked.Role));
        }).RequireAuthorization(WebUiModule.PersonPolicy).ExcludeFromDescription();

        // Any session may end, also one that has not chosen a role yet (the role chooser offers sign-out).
        app.MapPost(SignOutPath, async (HttpContext http, IAntiforgery antiforgery) =>
        {
            // The antiforgery middleware records a failed check, but only form binding acts on it, and this endpoint
            // binds nothing: without asking here a cross-site POST could sign anyone out.
            var valid = http.Features.Get<IAntiforgeryValidationFeature>()?.IsValid ?? await antiforgery.IsRequestValidAsync(http);
            if (!valid)
            {
                return Problems.Of(StatusCodes.Status400BadRequest, ValidationErrors.Title, ApiErrorCodes.AntiforgeryInvalid);
            }

            await http.RequestServices.GetRequiredService<SignInAudit>().RecordAsync(http.User, SignInAudit.SignOut, http.RequestAborted);
            // A session from ID-porten or HelseID ends there too (end_session_endpoint with id_token_hint), then comes back here.
            return await OidcSignOut.ResultAsync(http);
        }).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme }).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();

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
            return Results.LocalRedirect(WebPaths.LocalOr(returnUrl, "/"));
        }).ExcludeFromDescription();

        return app;
    }

    /// <summary>The same claims, subject included, that a development token for this persona carries.</summary>
    public static ClaimsPrincipal PrincipalFor(DemoPersona persona) =>
        SessionPrincipals.For(new SessionIdentity(
            DevTokens.Subject(persona.Role, persona.Hpr, persona.Org, persona.Fnr), persona.Role, persona.DisplayName,
            Hpr: persona.Hpr, Organisation: persona.Org, NationalId: persona.Fnr, AssuranceLevel: persona.Fnr is null ? null : HighLevel));

    /// <summary>Signed in, no role yet: grants nothing but the role chooser.</summary>
    private static ClaimsPrincipal PersonWithoutRole(string name, string fnr) =>
        SessionPrincipals.For(new SessionIdentity(DevTokens.Subject(string.Empty, null, null, fnr), null, name, NationalId: fnr, AssuranceLevel: HighLevel));

    /// <summary>The session of a person acting in one of their positions: the role and organisation a token would carry.</summary>
    private static ClaimsPrincipal PrincipalFor(ClaimsPrincipal current, ActingRole role, string fnr, bool several) =>
        SessionPrincipals.For(new SessionIdentity(
            current.FindFirstValue(SessionPrincipals.ProviderClaim) is null ? DevTokens.Subject(role.Role, null, role.OrganisationNumber, fnr) : current.FindFirstValue(ClaimNames.Subject)!,
            role.Role, current.FindFirstValue(ClaimNames.Name) ?? string.Empty,
            Organisation: role.OrganisationNumber, OrganisationName: role.OrganisationName, NationalId: fnr,
            AssuranceLevel: current.FindFirstValue(ClaimNames.AssuranceLevel) ?? HighLevel, SeveralRoles: several,
            Provider: current.FindFirstValue(SessionPrincipals.ProviderClaim)));

    /// <summary>The person acting as themself: the participant session the sign-in builds for a citizen without positions.</summary>
    private static ClaimsPrincipal ParticipantFor(ClaimsPrincipal current, string fnr, bool several) =>
        SessionPrincipals.For(new SessionIdentity(
            current.FindFirstValue(SessionPrincipals.ProviderClaim) is null ? DevTokens.Subject(Roles.Participant, null, null, fnr) : current.FindFirstValue(ClaimNames.Subject)!,
            Roles.Participant, current.FindFirstValue(ClaimNames.Name) ?? string.Empty, NationalId: fnr,
            AssuranceLevel: current.FindFirstValue(ClaimNames.AssuranceLevel) ?? HighLevel, SeveralRoles: several,
            Provider: current.FindFirstValue(SessionPrincipals.ProviderClaim)));

    private const string HighLevel = "idporten-loa-high";
}
