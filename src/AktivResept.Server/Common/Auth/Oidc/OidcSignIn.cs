using AktivResept.Server.Common.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AktivResept.Server.Common.Auth.Oidc;

/// <summary>
/// Web sign-in through ID-porten (citizens) and HelseID (health personnel): OpenID Connect authorization code flow with
/// PKCE, the client authenticated by private_key_jwt, the level (<c>acr</c>) checked, the person mapped to a session by
/// <see cref="OidcSessions"/>. Each provider is a scheme of its own, registered only when configured.
/// </summary>
public static class OidcSignIn
{
    public const string StartPath = "/konto/logg-inn/oidc";
    public const string RefusedPath = "/logg-inn/avvist";
    public const string FailedPath = "/logg-inn/feil";
    public const string LandingPath = "/konto/innlogget";

    internal const string ReturnUrlItem = "returnUrl";

    public static AuthenticationBuilder AddOidcSignIn(this AuthenticationBuilder builder, IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = new List<string>();
        var origins = new List<string>();
        foreach (var provider in OidcProviders.All)
        {
            if (OidcProviders.Read(configuration, provider) is not { } options)
            {
                continue;
            }

            configured.Add(provider);
            origins.Add(new Uri(options.Authority!).GetLeftPart(UriPartial.Authority));
            origins.AddRange(options.FormActionOrigins);
            var key = ClientAssertion.Key(options.Jwk ?? throw new InvalidOperationException($"{OidcProviders.Section(provider)}:Jwk (the client's private key) must be set."));
            builder.AddOpenIdConnect(provider, oidc => Configure(oidc, provider, options, key, environment));
        }

        builder.Services.AddSingleton(new OidcCatalog(configured, [.. origins.Distinct(StringComparer.OrdinalIgnoreCase)]));
        builder.Services.AddScoped<OidcSessions>();
        builder.Services.AddScoped<SignInAudit>();
        return builder;
    }

    private static void Configure(OpenIdConnectOptions oidc, string provider, OidcProviderOptions options, Microsoft.IdentityModel.Tokens.JsonWebKey key, IHostEnvironment environment)
    {
        oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        oidc.SignOutScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        oidc.Authority = options.Authority;
        oidc.ClientId = options.ClientId;
        oidc.RequireHttpsMetadata = options.RequireHttpsMetadata;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        // Query, not form_post: the callback is then a top-level GET, so the correlation cookies can be SameSite=Lax.
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        // The handler's default claim actions delete "acr" from the session it builds; the session's level is kept (audit, innsyn).
        oidc.ClaimActions.Remove(ClaimNames.AssuranceLevel);
        oidc.SaveTokens = false;
        oidc.CallbackPath = $"/signin-{provider}";
        oidc.SignedOutCallbackPath = $"/signout-callback-{provider}";
        oidc.RemoteSignOutPath = $"/signout-{provider}";
        oidc.SignedOutRedirectUri = "/logg-inn";
        oidc.Scope.Clear();
        foreach (var scope in options.Scopes)
        {
            oidc.Scope.Add(scope);
        }

        oidc.TokenValidationParameters.NameClaimType = ClaimNames.Name;
        oidc.TokenValidationParameters.ValidAudience = options.ClientId;
        foreach (var cookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = Configuration.StartupSettings.DefaultsAllowed(environment) ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        }

        oidc.Events = new OpenIdConnectEvents
        {
            OnRedirectToIdentityProvider = context =>
            {
                if (options.LevelClaim == ClaimNames.AssuranceLevel && options.RequiredAcr.Length > 0)
                {
                    context.ProtocolMessage.AcrValues = string.Join(' ', options.RequiredAcr);
                }

                context.ProtocolMessage.UiLocales = "nb";
                return Task.CompletedTask;
            },
            OnAuthorizationCodeReceived = async context =>
            {
                var metadata = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
                context.TokenEndpointRequest!.ClientAssertionType = ClientAssertion.Type;
                context.TokenEndpointRequest.ClientAssertion = ClientAssertion.Create(options.ClientId!, metadata.Issuer, key, context.Options.TimeProvider!.GetUtcNow());
            },
            OnTokenValidated = context => OidcSessions.CompleteAsync(context, provider, options),
            OnRemoteFailure = context =>
            {
                Logger(context.HttpContext).LogWarning("Sign-in through {Provider} failed: {Reason}", provider, context.Failure?.Message);
                context.HandleResponse();
                context.Response.Redirect(FailedPath);
                return Task.CompletedTask;
            },
        };
    }

    internal static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Auth.Oidc");

    /// <summary>The start of a sign-in (a link on /logg-inn) and the landing page's redirect.</summary>
    public static IEndpointRouteBuilder MapOidcSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(StartPath + "/{provider}", (string provider, string? returnUrl, OidcCatalog catalog) =>
        {
            if (!catalog.Offers(provider))
            {
                return Results.NotFound();
            }

            var properties = new AuthenticationProperties();
            properties.Items[ReturnUrlItem] = WebPaths.LocalOr(returnUrl, string.Empty);
            return Results.Challenge(properties, [provider]);
        }).ExcludeFromDescription();
        return app;
    }
}

/// <summary>The providers this deployment offers (those configured).</summary>
public sealed class OidcCatalog(IReadOnlyList<string> providers, IReadOnlyList<string> formActionOrigins)
{
    public IReadOnlyList<string> Providers { get; } = providers;

    /// <summary>Origins the sign-out form may end up at (the providers' end-session endpoints): added to CSP form-action.</summary>
    public IReadOnlyList<string> FormActionOrigins { get; } = formActionOrigins;

    public bool Offers(string? provider) => provider is not null && Providers.Contains(provider);
}
