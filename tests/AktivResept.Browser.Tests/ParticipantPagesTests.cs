using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ParticipantPagesTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_participant_sees_their_own_prescriptions_read_only()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync("Anne Hansen, deltaker");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min side", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Mine resepter", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mine resepter", Level = 1 })).ToBeVisibleAsync();
        var rows = page.Locator(".own-list__item");
        await Expect(rows.First).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("participant list");

        await rows.First.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(new Regex("/mine-resepter/[0-9a-f-]{36}"), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Treningsresepten din", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Statushistorikk" })).ToBeVisibleAsync();
        // Read-only for what others decide: the only forms are the participant's own steps (pause, resume, withdraw).
        var handlers = await page.Locator("main form input[name=_handler]").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        handlers.ShouldAllBe(h => h == "pause" || h == "withdraw" || h.StartsWith("resume-", StringComparison.Ordinal));
        await ui.AssertAccessibleAsync("participant detail");
    }
}
