using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Server.Data;
using AktivResept.Server.Features.SectorStatistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>Anyone, without signing in, finds the sector statistics from the public timetable, filters them and downloads the CSV.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SectorStatisticsJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_visitor_filters_the_statistics_by_county_reads_the_table_and_downloads_the_csv()
    {
        // Today's snapshot of the data as the other journeys left it.
        await app.WithServicesAsync(async services =>
        {
            await services.GetRequiredService<AktivDbContext>().Set<SectorStatisticsSnapshot>().ExecuteDeleteAsync();
            return await services.GetRequiredService<SectorStatisticsStore>().EnsureTodayAsync(CancellationToken.None);
        });

        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.GotoAsync("/aktiv-pa-dagtid");
        await page.GetByRole(AriaRole.Link, new() { Name = "Statistikk for aktivitet på resept" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Statistikk for aktivitet på resept", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("computed-at")).ToContainTextAsync("oppdateres daglig");
        await Expect(page.GetByTestId("sector-chart")).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("statistics");

        await page.GetByLabel("Fylke").SelectOptionAsync(new SelectOptionValue { Label = "Oslo" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("fylke=03", StringComparison.Ordinal));
        var areas = page.GetByTestId("stats-areas");
        await Expect(areas.GetByRole(AriaRole.Row)).ToHaveCountAsync(4); // header, the country, Oslo county, Oslo municipality
        await Expect(areas).ToContainTextAsync("Norge");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Henvisninger, oppstarter og fullføringer: Oslo", Level = 2 })).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("stats-csv").ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".csv");
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe(string.Join(',', SectorStatisticsCsv.Header));
        lines.ShouldContain(l => l.StartsWith("flows,", StringComparison.Ordinal) && l.Contains(",county,03,Oslo,referrals,total,", StringComparison.Ordinal));

        await page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync("statistics at 390 px");
        await ui.ScreenshotAsync("statistics-390");
    }
}
