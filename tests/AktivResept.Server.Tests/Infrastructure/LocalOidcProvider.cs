using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using OidcClaims = OpenIddict.Abstractions.OpenIddictConstants.Claims;

namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>Who is at the provider's keyboard when the app sends someone to sign in: the claims their id_token carries.</summary>
public sealed record LocalOidcUser(string Subject, IReadOnlyDictionary<string, string> Claims);

/// <summary>
/// A real OpenID Connect provider (OpenIddict server) on a free loopback port, standing in for ID-porten or HelseID:
/// discovery, authorization code with PKCE, a token endpoint that accepts only a private_key_jwt client assertion signed
/// with the client key it hands the app, signed id_tokens, and an end-session endpoint that checks the id_token_hint and
/// ends its own session. Its "login" signs in <see cref="NextUser"/> without a form; its session is a cookie of its own.
/// </summary>
public sealed class LocalOidcProvider : IAsyncDisposable
{
    public const string ClientId = "aktivresept-web";
    private const string SessionCookie = "op_session";

    private readonly RSA _clientKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, LocalOidcUser> _sessions = new();
    private readonly ConcurrentQueue<string> _endedFor = new();
    private WebApplication? _app;
    private int _logins;

    public string Authority { get; private set; } = string.Empty;

    /// <summary>The person who signs in at the next login (when the browser has no session here).</summary>
    public LocalOidcUser NextUser { get; set; } = new("nobody", new Dictionary<string, string>());

    /// <summary>When set, id_tokens are issued for this audience instead of the client: a token meant for another app.</summary>
    public string? IdTokenAudience { get; set; }

    /// <summary>Logins performed (a browser with a live session here is not asked again).</summary>
    public int Logins => _logins;

    /// <summary>Sessions the provider holds.</summary>
    public int ActiveSessions => _sessions.Count;

    /// <summary>Subjects whose session was ended through the end-session endpoint with a valid id_token_hint.</summary>
    public IReadOnlyCollection<string> EndedFor => [.. _endedFor];

    /// <summary>Client assertions the token endpoint accepted (after OpenIddict verified their signature).</summary>
    public int AcceptedAssertions { get; private set; }

    /// <summary>The client's private key as a JSON Web Key: what the app is configured with (Authentication:*:Jwk).</summary>
    public string ClientJwk => Jwk(_clientKey, includePrivate: true);

    /// <summary>Settings that point the app's sign-in for a provider ("IdPorten" or "HelseId") at this provider.</summary>
    public IDictionary<string, string?> SettingsFor(string section, string? jwk = null) => new Dictionary<string, string?>
    {
        [$"Authentication:{section}:Authority"] = Authority,
        [$"Authentication:{section}:ClientId"] = ClientId,
        [$"Authentication:{section}:Jwk"] = jwk ?? ClientJwk,
        [$"Authentication:{section}:RequireHttpsMetadata"] = "false",
    };

    public static async Task<LocalOidcProvider> StartAsync()
    {
        var provider = new LocalOidcProvider();
        await provider.RunAsync();
        return provider;
    }

    private async Task RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var clientPublicKey = new RsaSecurityKey(_clientKey.ExportParameters(includePrivateParameters: false)) { KeyId = "client" };
        // Degraded mode, no application store: the one client, its redirect URIs and its key are checked by the handlers below.
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession")
                .AllowAuthorizationCodeFlow()
                .RequireProofKeyForCodeExchange()
                .AddEphemeralEncryptionKey()
                .AddEphemeralSigningKey()
                .DisableAccessTokenEncryption()
                .DisableScopeValidation()
                .EnableDegradedMode();
            server.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement();

            server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                }
                else if (!IsAppCallback(context.RedirectUri, "/signin-"))
                {
                    context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered.");
                }

                return default;
            }));
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(async context =>
            {
                // private_key_jwt only: no secret exists, and a request without a valid assertion is not this client.
                if (context.ClientId != ClientId || string.IsNullOrEmpty(context.Request.ClientAssertion) ||
                    context.Request.ClientAssertionType != ClientAssertionTypes.JwtBearer ||
                    !(await new JsonWebTokenHandler().ValidateTokenAsync(context.Request.ClientAssertion, new TokenValidationParameters
                    {
                        ValidIssuer = ClientId,
                        ValidAudience = Authority,
                        IssuerSigningKey = clientPublicKey,
                        RequireExpirationTime = true,
                    })).IsValid)
                {
                    context.Reject(Errors.InvalidClient, "The client must authenticate with a valid private_key_jwt assertion.");
                    return;
                }

                AcceptedAssertions++;
            }));
            // The assertion is verified above with the client's registered public key (signature, issuer, audience,
            // lifetime); OpenIddict's own check, which wants its private token type header, stands aside.
            server.RemoveEventHandler(OpenIddictServerHandlers.ValidateClientAssertion.Descriptor)
                .RemoveEventHandler(OpenIddictServerHandlers.ValidateClientAssertionWellknownClaims.Descriptor)
                .RemoveEventHandler(OpenIddictServerHandlers.ValidateClientAssertionIssuer.Descriptor);
            server.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is not null && !IsAppCallback(context.PostLogoutRedirectUri, "/signout-callback-"))
                {
                    context.Reject(Errors.InvalidRequest, "The post_logout_redirect_uri is not registered.");
                }

                return default;
            }));
            server.AddEventHandler<ProcessSignInContext>(handler => handler.UseInlineHandler(context =>
            {
                if (IdTokenAudience is { } audience && context.IdentityTokenPrincipal is { } principal)
                {
                    principal.SetAudiences(audience);
                }

                return default;
            }).SetOrder(OpenIddictServerHandlers.PrepareIdentityTokenPrincipal.Descriptor.Order + 1));
        });

        var app = builder.Build();
        Func<HttpContext, IResult> authorize = Authorize;
        Func<HttpContext, Task<IResult>> endSession = EndSession;
        app.MapMethods("connect/authorize", ["GET", "POST"], authorize);
        app.MapMethods("connect/endsession", ["GET", "POST"], endSession);
        await app.StartAsync();
        _app = app;
        Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
    }

    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (http.Request.Cookies[SessionCookie] is not { } id || !_sessions.TryGetValue(id, out var user))
        {
            user = NextUser;
            id = Guid.NewGuid().ToString("N");
            _sessions[id] = user;
            Interlocked.Increment(ref _logins);
            http.Response.Cookies.Append(SessionCookie, id, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, OidcClaims.Name, OidcClaims.Role);
        identity.SetClaim(OidcClaims.Subject, user.Subject);
        foreach (var (type, value) in user.Claims)
        {
            identity.SetClaim(type, value);
        }

        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IResult> EndSession(HttpContext http)
    {
        // OpenIddict has validated the id_token_hint (signature, issuer) before this runs.
        var hint = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (hint.Principal?.GetClaim(OidcClaims.Subject) is { } subject)
        {
            _endedFor.Enqueue(subject);
        }

        if (http.Request.Cookies[SessionCookie] is { } id)
        {
            _sessions.TryRemove(id, out _);
            http.Response.Cookies.Delete(SessionCookie);
        }

        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static bool IsAppCallback(string? uri, string pathPrefix) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsLoopback && parsed.AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal);

    /// <summary>A fresh RSA key as a private JSON Web Key: a client key the provider does not know.</summary>
    public static string UnknownClientJwk()
    {
        using var rsa = RSA.Create(2048);
        return Jwk(rsa, includePrivate: true);
    }

    private static string Jwk(RSA rsa, bool includePrivate)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(includePrivate)) { KeyId = "client" });
        return JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["kty"] = jwk.Kty,
            ["kid"] = jwk.Kid,
            ["n"] = jwk.N,
            ["e"] = jwk.E,
            ["d"] = jwk.D,
            ["p"] = jwk.P,
            ["q"] = jwk.Q,
            ["dp"] = jwk.DP,
            ["dq"] = jwk.DQ,
            ["qi"] = jwk.QI,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _clientKey.Dispose();
    }
}
