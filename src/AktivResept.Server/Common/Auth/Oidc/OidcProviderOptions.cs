namespace AktivResept.Server.Common.Auth.Oidc;

/// <summary>
/// One identity provider the web UI signs people in through (<c>Authentication:IdPorten</c> or
/// <c>Authentication:HelseId</c>). Absent <see cref="Authority"/> or <see cref="ClientId"/>: that sign-in is not offered.
/// The private key (<see cref="Jwk"/>) comes from a secret store, never from the repository.
/// </summary>
public sealed class OidcProviderOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client's private key as a JSON Web Key (RSA or EC, with <c>kid</c>): signs the private_key_jwt client assertion.</summary>
    public string? Jwk { get; set; }

    public string[] Scopes { get; set; } = ["openid"];

    /// <summary>Asked for in <c>acr_values</c>; the claim named <see cref="LevelClaim"/> must carry one of these.</summary>
    public string[] RequiredAcr { get; set; } = [];

    /// <summary>The id_token claim that says how strongly the person signed in.</summary>
    public string LevelClaim { get; set; } = "acr";

    /// <summary>A session with no request for this long ends (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Origins besides the authority's where the provider's end-session endpoint lives (ID-porten:
    /// <c>https://login.idporten.no</c>): the sign-out form redirects there, so CSP form-action must allow them.
    /// </summary>
    public string[] FormActionOrigins { get; set; } = [];

    /// <summary>Only a local test provider over plain HTTP turns this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
