namespace AktivResept.Server.Common.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary><c>Oidc</c> (HelseID / ID-porten) in production, <c>Development</c> for locally signed tokens.</summary>
    public string Mode { get; set; } = "Oidc";

    public string Authority { get; set; } = string.Empty;

    public string Audience { get; set; } = "aktivresept";

    public string[] ValidAlgorithms { get; set; } = ["RS256", "PS256", "ES256"];

    /// <summary>The <c>acr</c> values a participant's (citizen's) token must carry.</summary>
    public string[] ParticipantAssuranceLevels { get; set; } = ["idporten-loa-high", "Level4"];

    /// <summary>Base64 HMAC key for Development-mode tokens. Generated locally when absent; never committed.</summary>
    public string? DevelopmentSigningKey { get; set; }

    public bool IsDevelopment => string.Equals(Mode, "Development", StringComparison.OrdinalIgnoreCase);
}
