using AktivResept.Server.Common.Security;
using Microsoft.AspNetCore.Hosting;

namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>
/// The app in the <c>Production</c> environment, configured as a deployment must be: OIDC (an authority that is never
/// contacted, since no test sends it a bearer token), no synthetic identities, a key the data-protection key ring is
/// encrypted with. For what only a deployment does: HSTS, <c>__Host-</c> cookies, the production sign-in page.
/// </summary>
public sealed class ProductionLikeApp : AktivApiFactory
{
    /// <summary>Where requests appear to come from: HTTPS, and not localhost (HSTS is never sent to localhost).</summary>
    public static readonly Uri Https = new("https://aktivresept.test");

    private readonly string _keyRingKey = DevelopmentSecrets.NewKey();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Auth:Mode"] = "Oidc",
        ["Auth:Authority"] = "https://helseid.example.test",
        ["Auth:DevelopmentSigningKey"] = null,
        ["Identity:AllowTestIdentities"] = "false",
        ["DataProtection:KeyEncryptionKey"] = _keyRingKey,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}
