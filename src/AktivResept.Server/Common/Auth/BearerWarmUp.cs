using System.Security.Cryptography;
using AktivResept.Server.Common.WarmUp;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AktivResept.Server.Common.Auth;

/// <summary>
/// Bearer authentication before readiness (issue 19): one token validated by the very handler instance the bearer
/// scheme uses — signed with a throwaway key and checked against that key alone, so it proves nothing to anyone and
/// the scheme's own parameters are untouched — and, with an identity provider configured, its metadata and signing keys
/// fetched now rather than on the first caller's request.
/// </summary>
internal sealed class BearerWarmUp(IOptionsMonitor<JwtBearerOptions> schemes) : IWarmUpStep
{
    public string Name => "bearer";

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var options = schemes.Get(JwtBearerDefaults.AuthenticationScheme);
        var key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        // Minted on the clock the handler checks every bearer token's lifetime by: the system's, not the app's TimeProvider.
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "urn:aktivresept:warm-up",
            Audience = "urn:aktivresept:warm-up",
            NotBefore = now,
            Expires = now.AddMinutes(1),
            IssuedAt = now,
            Claims = new Dictionary<string, object> { [ClaimNames.Subject] = "system:warm-up", [ClaimNames.Role] = Roles.Referrer },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        var parameters = options.TokenValidationParameters.Clone();
        parameters.ValidIssuer = "urn:aktivresept:warm-up";
        parameters.ValidAudience = "urn:aktivresept:warm-up";
        parameters.IssuerSigningKey = key;
        parameters.IssuerSigningKeys = [key];
        parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        parameters.ConfigurationManager = null;
        foreach (var handler in options.TokenHandlers)
        {
            // Not remembered: the scheme's handler must never answer this token from memory under the scheme's parameters.
            var validation = handler is RememberingTokenHandler remembering
                ? remembering.ValidateWithoutRememberingAsync(token, parameters)
                : handler.ValidateTokenAsync(token, parameters);
            if (await validation is { IsValid: false } result)
            {
                throw new InvalidOperationException("The warm-up token did not validate.", result.Exception);
            }
        }

        if (options.ConfigurationManager is { } identityProvider)
        {
            await identityProvider.GetConfigurationAsync(ct);
        }
    }
}
