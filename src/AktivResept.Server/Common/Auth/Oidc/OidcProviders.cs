namespace AktivResept.Server.Common.Auth.Oidc;

/// <summary>The two identity providers: ID-porten for citizens, HelseID for health personnel.</summary>
public static class OidcProviders
{
    public const string IdPorten = "idporten";
    public const string HelseId = "helseid";

    public static readonly string[] All = [IdPorten, HelseId];

    public static string Section(string provider) => provider switch
    {
        IdPorten => "Authentication:IdPorten",
        HelseId => "Authentication:HelseId",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static OidcProviderOptions Defaults(string provider) => provider switch
    {
        IdPorten => new OidcProviderOptions { Scopes = ["openid", "profile"], RequiredAcr = ["idporten-loa-high"] },
        // HelseID names the level in its own claim: 4 is "høyt" (BankID, Buypass).
        HelseId => new OidcProviderOptions
        {
            Scopes = ["openid", "profile", "helseid://scopes/identity/pid", "helseid://scopes/hpr/hpr_number"],
            RequiredAcr = ["4"],
            LevelClaim = HelseIdClaims.SecurityLevel,
            IdleTimeout = TimeSpan.FromMinutes(60),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>The provider's settings over its defaults; null when it is not configured.</summary>
    public static OidcProviderOptions? Read(IConfiguration configuration, string provider)
    {
        var options = Defaults(provider);
        configuration.GetSection(Section(provider)).Bind(options);
        return options.IsConfigured ? options : null;
    }
}

/// <summary>The HelseID claims we read (HelseID's own names).</summary>
public static class HelseIdClaims
{
    public const string Pid = "helseid://claims/identity/pid";
    public const string HprNumber = "helseid://claims/hpr/hpr_number";
    public const string SecurityLevel = "helseid://claims/identity/security_level";

    /// <summary>The organisation the person acts for: the child (a practice) before the parent (the legal entity).</summary>
    public const string OrganisationChild = "helseid://claims/client/claims/orgnr_child";
    public const string OrganisationParent = "helseid://claims/client/claims/orgnr_parent";
}
