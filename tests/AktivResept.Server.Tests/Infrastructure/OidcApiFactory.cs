namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>
/// The app with its web sign-in pointed at a <see cref="LocalOidcProvider"/> as both ID-porten and HelseID. The clock
/// starts at the real time: the provider signs with real time, and the app's cookies expire by its own clock.
/// </summary>
public class OidcApiFactory : AktivApiFactory
{
    public OidcApiFactory()
    {
        Clock.SetUtcNow(DateTimeOffset.UtcNow);
    }

    public LocalOidcProvider Provider { get; private set; } = null!;

    /// <summary>The client key the app signs its assertions with; the provider's own unless a test says otherwise.</summary>
    protected virtual string? ClientJwk => null;

    protected override IDictionary<string, string?> ExtraSettings =>
        Provider.SettingsFor("IdPorten", ClientJwk).Concat(Provider.SettingsFor("HelseId", ClientJwk)).ToDictionary();

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

    /// <summary>A browser: cookies of its own at the app and at the provider, redirects followed between them.</summary>
    public OidcBrowser Browser() => new(this);
}

/// <summary>The app's sign-in against a provider that does not know its key.</summary>
public sealed class UnknownClientKeyFactory : OidcApiFactory
{
    private readonly string _jwk = LocalOidcProvider.UnknownClientJwk();

    protected override string? ClientJwk => _jwk;
}
