using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.Demo;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// The bearer scheme's handler answers a token it has validated from memory, but never past the token's expiry nor
/// longer than <see cref="RememberingTokenHandler.MaxAge"/>. The tests change the signing key after the first
/// validation: a second answer that is still valid can only have come from memory, a refusal only from a validation
/// afresh. The memory's clock is a fake one started at the real time; the validation itself checks lifetimes by the
/// system's clock, so the tokens are minted at the real time too.
/// </summary>
public sealed class RememberingTokenHandlerTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly RememberingTokenHandler handler;

    public RememberingTokenHandlerTests() => handler = new RememberingTokenHandler(clock) { MapInboundClaims = false };

    [Fact]
    public async Task A_token_validated_again_is_answered_from_memory_with_an_identity_of_its_own()
    {
        var (token, parameters) = Token(TimeSpan.FromHours(1));
        var first = await handler.ValidateTokenAsync(token, parameters);

        var second = await handler.ValidateTokenAsync(token, WithAnotherKey(parameters));

        first.IsValid.ShouldBeTrue();
        second.IsValid.ShouldBeTrue();
        second.ClaimsIdentity.ShouldNotBeSameAs(first.ClaimsIdentity);
        second.ClaimsIdentity.FindFirst(ClaimNames.Role)!.Value.ShouldBe(Roles.Referrer);
        second.ClaimsIdentity.FindFirst(ClaimNames.Hpr)!.Value.ShouldBe(DemoIdentities.GpHpr);
        second.SecurityToken.ValidTo.ShouldBe(first.SecurityToken.ValidTo);
    }

    [Fact]
    public async Task A_remembered_token_is_validated_afresh_once_it_has_expired()
    {
        var (token, parameters) = Token(TimeSpan.FromMinutes(2));
        (await handler.ValidateTokenAsync(token, parameters)).IsValid.ShouldBeTrue();
        var withdrawn = WithAnotherKey(parameters);

        clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        (await handler.ValidateTokenAsync(token, withdrawn)).IsValid.ShouldBeTrue();
        clock.Advance(TimeSpan.FromSeconds(2));
        (await handler.ValidateTokenAsync(token, withdrawn)).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task A_withdrawn_signing_key_stops_admitting_its_tokens_after_the_longest_memory()
    {
        var (token, parameters) = Token(TimeSpan.FromHours(1));
        (await handler.ValidateTokenAsync(token, parameters)).IsValid.ShouldBeTrue();
        var withdrawn = WithAnotherKey(parameters);

        clock.Advance(RememberingTokenHandler.MaxAge - TimeSpan.FromSeconds(1));
        (await handler.ValidateTokenAsync(token, withdrawn)).IsValid.ShouldBeTrue();
        clock.Advance(TimeSpan.FromSeconds(2));
        (await handler.ValidateTokenAsync(token, withdrawn)).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task A_token_that_differs_only_in_its_signature_is_validated_on_its_own()
    {
        var (token, parameters) = Token(TimeSpan.FromHours(1));
        (await handler.ValidateTokenAsync(token, parameters)).IsValid.ShouldBeTrue();
        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");

        (await handler.ValidateTokenAsync(tampered, parameters)).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task A_refused_token_is_not_remembered()
    {
        var (token, parameters) = Token(TimeSpan.FromHours(1));
        var other = WithAnotherKey(parameters);
        (await handler.ValidateTokenAsync(token, other)).IsValid.ShouldBeFalse();

        (await handler.ValidateTokenAsync(token, parameters)).IsValid.ShouldBeTrue();
        (await handler.ValidateTokenAsync(token, other)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task A_token_validated_without_remembering_is_validated_afresh_the_next_time()
    {
        var (token, parameters) = Token(TimeSpan.FromHours(1));
        (await handler.ValidateWithoutRememberingAsync(token, parameters)).IsValid.ShouldBeTrue();

        (await handler.ValidateTokenAsync(token, WithAnotherKey(parameters))).IsValid.ShouldBeFalse();
    }

    private (string Token, TokenValidationParameters Parameters) Token(TimeSpan lifetime)
    {
        var key = DevelopmentSecrets.NewKey();
        var token = DevTokens.Mint(key, "aktivresept", Roles.Referrer, DemoIdentities.GpHpr, null, null, null, lifetime, clock.GetUtcNow());
        return (token, new TokenValidationParameters
        {
            ValidIssuer = DevTokens.Issuer,
            ValidAudience = "aktivresept",
            IssuerSigningKey = DevTokens.Key(key),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = ClaimNames.Subject,
            RoleClaimType = ClaimNames.Role,
        });
    }

    private static TokenValidationParameters WithAnotherKey(TokenValidationParameters parameters)
    {
        var other = parameters.Clone();
        other.IssuerSigningKey = DevTokens.Key(DevelopmentSecrets.NewKey());
        return other;
    }
}
