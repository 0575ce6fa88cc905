using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AktivResept.Server.Common.Auth;

/// <summary>
/// The bearer scheme's token handler, remembering the tokens it has validated. A client sends the same token with every
/// request of its session, and parsing and checking it again was ≈ 7 % of the app's CPU a request (the booking and the
/// FHIR search profiles, docs/benchmarks.md). A token is remembered only after a full validation succeeded, is answered
/// from memory only before its own expiry (without the clock skew the full check allows), and
/// for at most <see cref="MaxAge"/> after that validation, so a signing key the identity provider withdraws stops
/// admitting its tokens within that time. Everything after validation (the assurance-level check in the bearer events,
/// authorization) runs on every request as before. One instance serves one scheme, whose parameters every
/// validation it remembers was made with. <paramref name="clock"/> is the one the validation checks lifetimes
/// by: the system's (the bearer handler does not take the app's TimeProvider).
/// </summary>
internal sealed class RememberingTokenHandler(TimeProvider clock) : JsonWebTokenHandler
{
    internal const int Capacity = 10_000;
    internal static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Longer tokens are validated every time: the memory held stays bounded by <see cref="Capacity"/> short strings.</summary>
    private const int LongestRemembered = 8 * 1024;

    private readonly ConcurrentDictionary<string, Validated> validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow();
        if (validated.TryGetValue(token, out var known))
        {
            if (now < known.Until)
            {
                return known.Answer();
            }

            validated.TryRemove(KeyValuePair.Create(token, known));
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && token.Length <= LongestRemembered && !validationParameters.ValidateTokenReplay &&
            result.SecurityToken is { ValidTo: var expires } securityToken && expires != DateTime.MinValue && result.ClaimsIdentity is { } identity)
        {
            var until = new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc));
            Remember(token, new Validated(identity.Clone(), securityToken, result.Issuer, result.TokenType, until < now + MaxAge ? until : now + MaxAge), now);
        }

        return result;
    }

    /// <summary>
    /// A full validation whose success is not remembered: for a token checked against other parameters than the scheme's
    /// (the warm-up's, signed with a key of its own), which must never be answered from memory under the scheme's.
    /// </summary>
    internal Task<TokenValidationResult> ValidateWithoutRememberingAsync(string token, TokenValidationParameters validationParameters) =>
        base.ValidateTokenAsync(token, validationParameters);

    private void Remember(string token, Validated entry, DateTimeOffset now)
    {
        if (validated.Count >= Capacity)
        {
            foreach (var (key, value) in validated)
            {
                if (value.Until <= now)
                {
                    validated.TryRemove(KeyValuePair.Create(key, value));
                }
            }

            // Full of live tokens: start again rather than sweep on every validation; each is validated once more.
            if (validated.Count >= Capacity)
            {
                validated.Clear();
            }
        }

        validated[token] = entry;
    }

    /// <summary>What a validation found; its identity a copy that no request holds.</summary>
    private sealed record Validated(ClaimsIdentity Identity, SecurityToken Token, string? Issuer, string? TokenType, DateTimeOffset Until)
    {
        /// <summary>A result of its own each time, with a copy of the identity: no request holds another's principal objects.</summary>
        public TokenValidationResult Answer() => new()
        {
            IsValid = true,
            ClaimsIdentity = Identity.Clone(),
            SecurityToken = Token,
            Issuer = Issuer,
            TokenType = TokenType,
        };
    }
}
