using System.Security.Claims;
using AktivResept.Server.Common.Auth.Oidc;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.WarmUp;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace AktivResept.Server.Common.Auth;

public static class AuthModule
{
    public const string ApiPolicy = "api";

    public static IServiceCollection AddAktivAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

        // A stray setting must never make production accept self-signed tokens or synthetic national ids.
        if (environment.IsProduction() && (options.IsDevelopment || configuration.GetValue("Identity:AllowTestIdentities", false)))
        {
            throw new InvalidOperationException("Auth:Mode=Development and Identity:AllowTestIdentities are not allowed in Production.");
        }

        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));

        services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                // JsonWebTokenHandler (not the legacy JwtSecurityTokenHandler) validates, remembering the tokens it has
                // validated (RememberingTokenHandler), and claims keep the names in the token ("role", "pid", "hpr"...)
                // instead of being mapped to the long WS-* claim type URIs.
                jwt.UseSecurityTokenValidators = false;
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new RememberingTokenHandler(TimeProvider.System));
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = TokenParameters(options);
                if (!options.IsDevelopment)
                {
                    jwt.Authority = options.Authority;
                    jwt.Audience = options.Audience;
                }

                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context => CheckAssuranceLevel(context, options),
                    OnAuthenticationFailed = context =>
                    {
                        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Auth").LogInformation("Bearer token rejected: {Reason}", context.Exception.GetType().Name);
                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        // RFC 6750: say why in WWW-Authenticate, and answer with problem details rather than an empty body
                        // (on /fhir the problem is written as an OperationOutcome: Fhir/FhirProblemWriter).
                        context.HandleResponse();
                        var failed = context.AuthenticateFailure is not null;
                        context.Response.Headers.WWWAuthenticate = failed
                            ? "Bearer error=\"invalid_token\", error_description=\"The token is invalid or expired.\""
                            : "Bearer";
                        await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required",
                            failed ? ApiErrorCodes.TokenInvalid : ApiErrorCodes.TokenRequired);
                    },
                    OnForbidden = context => Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", ApiErrorCodes.RoleNotAllowed),
                };
            })
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            {
                cookie.LoginPath = "/logg-inn";
                // Strict: no page is reached signed in from another site (e-mails carry no link to a record), so the
                // sign-in cookie never rides along with a cross-site request, top-level navigations included.
                SiteCookies.Harden(cookie.Cookie, SiteCookies.SignIn, SameSiteMode.Strict, environment);
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            })
            .AddOidcSignIn(configuration, environment);

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ClaimNames.Role, Roles.All));

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUserAccessor, HttpCurrentUserAccessor>();
        services.AddWarmUpStep<BearerWarmUp>();
        return services;
    }

    private static TokenValidationParameters TokenParameters(AuthOptions options)
    {
        var parameters = new TokenValidationParameters
        {
            NameClaimType = ClaimNames.Subject,
            RoleClaimType = ClaimNames.Role,
            ValidateAudience = true,
            ValidAudience = options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            ValidAlgorithms = options.ValidAlgorithms,
        };

        if (options.IsDevelopment)
        {
            if (string.IsNullOrWhiteSpace(options.DevelopmentSigningKey))
            {
                throw new InvalidOperationException("Auth:DevelopmentSigningKey must be set in Development mode.");
            }

            parameters.ValidIssuer = DevTokens.Issuer;
            parameters.IssuerSigningKey = DevTokens.Key(options.DevelopmentSigningKey);
            parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }

        return parameters;
    }

    /// <summary>Citizens must have signed in at a high assurance level (ID-porten "høyt" / Level4).</summary>
    private static Task CheckAssuranceLevel(TokenValidatedContext context, AuthOptions options)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(ClaimNames.Role) is Roles.Participant or Roles.Trainer &&
            !options.ParticipantAssuranceLevels.Contains(principal.FindFirstValue(ClaimNames.AssuranceLevel)))
        {
            context.Fail("The token's assurance level is too low for a citizen.");
        }

        return Task.CompletedTask;
    }
}
