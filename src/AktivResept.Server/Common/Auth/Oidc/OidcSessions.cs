using System.Security.Claims;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AktivResept.Server.Common.Auth.Oidc;

/// <summary>
/// Turns a validated id_token into a web session: the level checked first (too low: the refused page, no session), then
/// the person mapped to the same principal the development sign-in builds (<see cref="SessionPrincipals"/>). ID-porten's
/// <c>pid</c> is a citizen: a participant, or the positions they hold (<see cref="ActingRoles"/>; several: they choose).
/// HelseID's HPR number and organisation make a referrer. ID-porten gives only <c>pid</c>: the name shown is the one in
/// our own registers (the person, else their trainer record). A citizen with positions is a participant too, so their
/// session may switch to «deltaker» and back in the role chooser.
/// </summary>
public sealed class OidcSessions(ActingRoles roles, IOptions<TestIdentityOptions> identity, AktivDbContext db, NationalIdLookupHash lookupHash)
{
    internal static async Task CompleteAsync(TokenValidatedContext context, string provider, OidcProviderOptions options)
    {
        var http = context.HttpContext;
        var token = context.Principal!;
        var level = token.FindFirstValue(options.LevelClaim);
        if (options.RequiredAcr.Length > 0 && (level is null || !options.RequiredAcr.Contains(level)))
        {
            OidcSignIn.Logger(http).LogInformation("Sign-in through {Provider} refused: level {Level} is below the required {Required}", provider, level, string.Join(',', options.RequiredAcr));
            context.HandleResponse();
            context.Response.Redirect($"{OidcSignIn.RefusedPath}?leverandor={provider}");
            return;
        }

        var who = await http.RequestServices.GetRequiredService<OidcSessions>().MapAsync(provider, token, level, http.RequestAborted);
        if (who is null)
        {
            OidcSignIn.Logger(http).LogInformation("Sign-in through {Provider} refused: the token names no person we can give a role", provider);
            context.HandleResponse();
            context.Response.Redirect(OidcSignIn.FailedPath);
            return;
        }

        context.Principal = SessionPrincipals.For(who);
        await http.RequestServices.GetRequiredService<SignInAudit>().RecordAsync(context.Principal, SignInAudit.SignIn, http.RequestAborted);
        var now = context.Options.TimeProvider!.GetUtcNow();
        var properties = context.Properties!;
        // An idle window, not a fixed one: the cookie handler slides the session by the ticket's own lifetime.
        properties.IssuedUtc = now;
        properties.ExpiresUtc = now.Add(options.IdleTimeout);
        properties.IsPersistent = false;
        properties.AllowRefresh = true;
        // Only the id_token is kept, for the id_token_hint at sign-out; the access token grants nothing here.
        var idToken = context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage.IdToken;
        properties.StoreTokens([new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);
        properties.Items.TryGetValue(OidcSignIn.ReturnUrlItem, out var returnUrl);
        var target = who.Role is null ? WebPaths.ChooseRole : WebPaths.LocalOr(returnUrl, WebPaths.HomeFor(who.Role));
        properties.RedirectUri = $"{OidcSignIn.LandingPath}?til={Uri.EscapeDataString(target)}";
    }

    public async Task<SessionIdentity?> MapAsync(string provider, ClaimsPrincipal token, string? level, CancellationToken cancellationToken)
    {
        var subject = token.FindFirstValue(ClaimNames.Subject);
        var pid = token.FindFirstValue(provider == OidcProviders.HelseId ? HelseIdClaims.Pid : ClaimNames.NationalId);
        if (subject is null)
        {
            return null;
        }

        Fodselsnummer? fnr = null;
        if (pid is not null && !Fodselsnummer.TryParse(pid, identity.Value.AllowTestIdentities, out fnr, out _))
        {
            return null;
        }

        var held = fnr is null ? [] : await roles.OfAsync(fnr, cancellationToken);
        var name = token.FindFirstValue(ClaimNames.Name) ?? (fnr is null ? null : await RegisteredNameAsync(fnr, cancellationToken));
        // An ID-porten citizen holding a position is also a participant: the role chooser offers both.
        var several = provider == OidcProviders.IdPorten && fnr is not null ? held.Count > 0 : held.Count > 1;
        var session = new SessionIdentity(subject, null, name, NationalId: fnr?.Value, AssuranceLevel: level, Provider: provider, SeveralRoles: several);

        if (provider == OidcProviders.HelseId &&
            HprNumber.TryParse(token.FindFirstValue(HelseIdClaims.HprNumber), out var hpr, out _) &&
            OrganisationNumber.TryParse(token.FindFirstValue(HelseIdClaims.OrganisationChild) ?? token.FindFirstValue(HelseIdClaims.OrganisationParent), out var org, out _))
        {
            // A referrer who also holds positions may switch to them in the role chooser.
            return session with { Role = Roles.Referrer, Hpr = hpr!.Value, Organisation = org!.Value, SeveralRoles = held.Count > 0 };
        }

        return held.Count switch
        {
            0 when provider == OidcProviders.IdPorten && fnr is not null => session with { Role = Roles.Participant },
            0 => null,
            1 => session with { Role = held[0].Role, Organisation = held[0].OrganisationNumber, OrganisationName = held[0].OrganisationName },
            _ => session,
        };
    }

    /// <summary>The person's name as we hold it: the participant register first, else the trainer register.</summary>
    private async Task<string?> RegisteredNameAsync(Fodselsnummer fnr, CancellationToken cancellationToken)
    {
        var hash = lookupHash.Of(fnr);
        return await db.People.AsNoTracking().Where(p => p.NationalIdHash == hash).Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefaultAsync(cancellationToken)
               ?? await db.Trainers.AsNoTracking().Where(t => t.NationalIdHash == hash).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
    }
}
