using Microsoft.Playwright;

namespace AktivResept.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright's own browser download cannot work here, so it is never used:
/// a missing /usr/bin/chromium fails the tests with instructions instead.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; AKTIVRESEPT_CHROMIUM points elsewhere (e.g. to check the missing-browser message).</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("AKTIVRESEPT_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>How long an expectation waits for its condition before failing.</summary>
    public const float ExpectTimeoutMs = 30_000;

    /// <summary>How long a click, fill or navigation may take before failing.</summary>
    public const float ActionTimeoutMs = 60_000;

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} was not found. The browser tests use Debian's Chromium: install it with " +
                "'sudo apt-get install -y chromium' (./test.sh does this when run as root).");
        }

        // Generous but bounded: expectations retry until the page shows what they wait for, and a machine busy with
        // other work needs longer than a quiet one. Actions and navigations get the same kind of bound in UiSession.
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
