using System.Text.RegularExpressions;
using AktivResept.Domain.Identifiers;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests.Infrastructure;

/// <summary>One person's browser tab, with intent-level steps (sign in as, check accessibility) the journeys read as.</summary>
public sealed class UiSession(IPage page, string baseUrl, Xunit.Abstractions.ITestOutputHelper output) : IAsyncDisposable
{
    /// <summary>What the page's Content-Security-Policy blocked (Chromium reports each as a console error).</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _blocked = new();

    private static int _individual = 100 + Random.Shared.Next(300);

    public IPage Page => page;

    public static async Task<UiSession> OpenAsync(BrowserFixture browser, BrowserApp app, Xunit.Abstractions.ITestOutputHelper output)
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "nb-NO", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(BrowserFixture.ActionTimeoutMs);
        context.SetDefaultNavigationTimeout(BrowserFixture.ActionTimeoutMs);
        var page = await context.NewPageAsync();
        var session = new UiSession(page, app.BaseUrl, output);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                output.WriteLine($"browser console: {message.Text}");
                if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                {
                    session._blocked.Enqueue(message.Text);
                }
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Request.ResourceType != "document")
            {
                output.WriteLine($"failed resource: {response.Status} {response.Request.Method} {response.Url}");
            }
        };
        return session;
    }

    /// <summary>A synthetic (month + 80) national id, valid and never a real person's.</summary>
    public static string NewNationalId()
    {
        while (true)
        {
            var n = Interlocked.Increment(ref _individual);
            if (Fodselsnummer.Create(new DateOnly(1970 + (n % 30), 1 + (n % 12), 1 + (n % 28)), n % 500, synthetic: true) is { } id)
            {
                return id.Value;
            }
        }
    }

    public async Task GotoAsync(string path) => await page.GotoAsync(baseUrl + path);

    public async Task SignInAsAsync(string personaName)
    {
        await GotoAsync("/logg-inn");
        await page.GetByRole(AriaRole.Button, new() { Name = personaName, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logg ut" })).ToBeVisibleAsync();
    }

    public async Task SignOutAsync()
    {
        // An enhanced form post before this may still be patching the page; a click on a button it replaces is lost,
        // so wait until the page has no request in flight (a condition, not a delay) before signing out.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg ut" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/logg-inn"));
    }

    /// <summary>Runs axe-core on the current page and fails on any serious or critical violation.</summary>
    public async Task AssertAccessibleAsync(string pageName)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        output.WriteLine($"axe [{pageName}]: {result.Passes.Length} rules passed, {result.Violations.Length} violated");
        foreach (var violation in result.Violations)
        {
            output.WriteLine($"axe [{pageName}] {violation.Impact} {violation.Id}: {violation.Help} ({string.Join(", ", violation.Nodes.Select(n => n.Html))})");
        }

        blocking.ShouldBeEmpty($"{pageName}: {string.Join("; ", blocking.Select(v => $"{v.Id} ({v.Impact}): {v.Help}"))}");
    }

    public async Task ScreenshotAsync(string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"aktivresept-{name}.png"), FullPage = true });

    /// <summary>Closes the tab; a journey during which the CSP blocked anything fails (the page would be broken for real).</summary>
    public async ValueTask DisposeAsync()
    {
        await page.Context.DisposeAsync();
        _blocked.ShouldBeEmpty("the Content-Security-Policy blocked something the page uses");
    }
}
