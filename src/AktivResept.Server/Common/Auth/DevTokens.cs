using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AktivResept.Server.Common.Auth;

/// <summary>Mints and validates locally signed tokens for development and tests. Never used in Oidc mode.</summary>
public static class DevTokens
{
    public const string Issuer = "aktivresept-dev";

    public static SymmetricSecurityKey Key(string base64) => new(Convert.FromBase64String(base64)) { KeyId = "dev" };

    public static string Mint(string signingKey, string audience, string role, string? hpr, string? org, string? fnr, string? name, TimeSpan lifetime, DateTimeOffset now, IEnumerable<Claim>? extraClaims = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimNames.Subject, Subject(role, hpr, org, fnr)),
            new(ClaimNames.Role, role),
        };
        if (hpr is not null)
        {
            claims.Add(new Claim(ClaimNames.Hpr, hpr));
        }

        if (org is not null)
        {
            claims.Add(new Claim(ClaimNames.Organisation, org));
        }

        if (fnr is not null)
        {
            claims.Add(new Claim(ClaimNames.NationalId, fnr));
            claims.Add(new Claim(ClaimNames.AssuranceLevel, "idporten-loa-high"));
        }

        if (name is not null)
        {
            claims.Add(new Claim(ClaimNames.Name, name));
        }

        claims.AddRange(extraClaims ?? []);

        // The claim types go into the payload exactly as named: JsonWebTokenHandler maps no outbound claim types.
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key(signingKey), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A stable, non-identifying subject: never the national id itself.</summary>
    public static string Subject(string role, string? hpr, string? org, string? fnr)
    {
        var basis = $"{role}|{hpr}|{org}|{fnr}";
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(basis));
        return $"dev-{Convert.ToHexStringLower(hash)[..16]}";
    }
}
