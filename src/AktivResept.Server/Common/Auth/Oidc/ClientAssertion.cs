using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AktivResept.Server.Common.Auth.Oidc;

/// <summary>
/// private_key_jwt client authentication (RFC 7523, OpenID Connect Core 9): a short-lived JWT naming the client as issuer
/// and subject, the provider's issuer as audience, signed with the client's private key. HelseID requires it, ID-porten
/// accepts it, and no shared secret exists to leak.
/// </summary>
public static class ClientAssertion
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static JsonWebKey Key(string jwk)
    {
        var key = new JsonWebKey(jwk);
        if (!key.HasPrivateKey)
        {
            throw new InvalidOperationException("The client's JSON Web Key has no private part.");
        }

        return key;
    }

    public static string Create(string clientId, string audience, JsonWebKey key, DateTimeOffset now)
    {
        var algorithm = key.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddSeconds(60).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }
}
