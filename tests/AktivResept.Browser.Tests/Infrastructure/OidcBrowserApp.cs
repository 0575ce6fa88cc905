using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Browser.Tests.Infrastructure;

/// <summary>
/// The app on Kestrel with its ID-porten and HelseID sign-in pointed at a <see cref="LocalOidcProvider"/> on another loopback port.
/// Its clock starts at the real time: the provider signs with real time, and the browser drops cookies that a clock in
/// the past would issue already expired.
/// </summary>
public sealed class OidcBrowserApp : BrowserApp
{
    public OidcBrowserApp()
    {
        Clock.SetUtcNow(DateTimeOffset.UtcNow);
    }

    public LocalOidcProvider Provider { get; private set; } = null!;

    protected override IDictionary<string, string?> ExtraSettings =>
        Provider.SettingsFor("IdPorten").Concat(Provider.SettingsFor("HelseId")).ToDictionary();

    public override async Task InitializeAsync()
    {
        Provider = await LocalOidcProvider.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
