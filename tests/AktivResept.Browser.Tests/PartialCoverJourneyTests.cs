using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Browser.Tests.Infrastructure;
using AktivResept.Domain.Eligibility;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>
/// Issue 23 item 3: a referral whose benefit ends inside the period is not issued silently. The GP sees the warning,
/// cannot issue without ticking that they have seen it, ticks and issues, on the new-referral form and on a draft.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PartialCoverJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Gp = "Kari Nordmann, fastlege";
    private const string Acknowledgement = "Jeg har sett at retten til statlig refusjon slutter";

    [Fact]
    public async Task A_GP_sees_the_partial_cover_warning_cannot_issue_without_ticking_then_ticks_and_issues()
    {
        var nationalId = UiSession.NewNationalId();
        var start = app.Today.AddDays(7);
        var benefitEnds = start.AddDays(30);
        await GiveBenefitAsync(nationalId, benefitEnds);
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await ui.GotoAsync("/henvisninger/ny");
        await page.GetByLabel("Fødselsnummer eller D-nummer").FillAsync(nationalId);
        await page.GetByLabel("Fornavn").FillAsync("Delvis");
        await page.GetByLabel("Etternavn").FillAsync("Varslet");
        await page.GetByLabel("Kommunenummer").FillAsync("0301");
        await page.GetByLabel("Årsak til henvisningen").FillAsync("Langvarige ryggsmerter");
        await page.GetByLabel("Mål for treningen").FillAsync("Gå til jobb uten smerter");
        await page.GetByLabel("Veiledet styrketrening").CheckAsync();
        await page.GetByLabel("Startdato").FillAsync(start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Finansiering").SelectOptionAsync(new SelectOptionValue { Label = "Statlig refusjon" });

        // Issuing straight away is refused: the warning and the box to tick are shown, and nothing is issued.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        var summary = page.Locator(".error-summary");
        await Expect(summary).ToContainTextAsync($"slutter {benefitEnds:dd.MM.yyyy}, før perioden er over");
        await Expect(page.Locator("[data-eligibility]")).ToHaveAttributeAsync("data-eligibility", "until");
        var box = page.GetByLabel(new System.Text.RegularExpressions.Regex(Acknowledgement));
        await Expect(box).ToBeVisibleAsync();
        await Expect(box).Not.ToBeCheckedAsync();
        page.Url.ShouldEndWith("/henvisninger/ny");
        await Expect(page.GetByLabel("Mål for treningen")).ToHaveValueAsync("Gå til jobb uten smerter");
        await AssertAccessibleAtBothWidthsAsync(ui, "new referral refused for want of the acknowledgement");

        // The summary links to the box; sending again without ticking is still refused.
        await Expect(summary.GetByRole(AriaRole.Link).First).ToHaveAttributeAsync("href", "#f-acknowledgePartialCover");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await Expect(summary).ToBeVisibleAsync();
        page.Url.ShouldEndWith("/henvisninger/ny");

        await box.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utstedt");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync(benefitEnds.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_draft_whose_benefit_ends_inside_the_period_is_issued_from_its_page_only_once_ticked()
    {
        var nationalId = UiSession.NewNationalId();
        var benefitEnds = app.Today.AddDays(40);
        await GiveBenefitAsync(nationalId, benefitEnds);
        var draft = await DraftAsync(nationalId);
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await ui.GotoAsync($"/henvisninger/{draft}");

        await Expect(page.Locator("[data-eligibility]")).ToHaveAttributeAsync("data-eligibility", "until");
        var box = page.GetByLabel(new System.Text.RegularExpressions.Regex(Acknowledgement));
        await Expect(page.GetByText($"{Acknowledgement} {benefitEnds:dd.MM.yyyy}")).ToBeVisibleAsync();
        await AssertAccessibleAtBothWidthsAsync(ui, "draft with partial cover");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Kryss av");
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utkast");
        await AssertAccessibleAtBothWidthsAsync(ui, "draft refused for want of the acknowledgement");

        await page.GetByLabel(new System.Text.RegularExpressions.Regex(Acknowledgement)).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utstedt");
    }

    private static async Task AssertAccessibleAtBothWidthsAsync(UiSession ui, string name)
    {
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync($"{name} at 390 px");
        await ui.Page.SetViewportSizeAsync(1280, 900);
        await ui.AssertAccessibleAsync($"{name} at 1280 px");
    }

    private async Task GiveBenefitAsync(string nationalId, DateOnly to) =>
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<AktivDbContext>();
            db.BenefitPeriods.Add(new BenefitPeriodRecord
            {
                NationalIdHash = services.GetRequiredService<NationalIdLookupHash>().Of(nationalId),
                Kind = BenefitKind.WorkAssessmentAllowance,
                From = app.Today.AddDays(-60),
                To = to,
                Source = "test",
            });
            return await db.SaveChangesAsync();
        });

    private async Task<Guid> DraftAsync(string nationalId)
    {
        var gp = app.ApiAs(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);
        var created = await gp.PostAsJsonAsync("/api/prescriptions", new Dictionary<string, object?>
        {
            ["participant"] = new Dictionary<string, object?> { ["nationalId"] = nationalId, ["givenName"] = "Utkast", ["familyName"] = "Delvis", ["kommunenummer"] = "0301" },
            ["reasonText"] = "Ryggsmerter",
            ["goals"] = "Gå tur uten smerter",
            ["activityTypes"] = new[] { "SupervisedStrength" },
            ["sessionsPerWeek"] = 2,
            ["minutesPerSession"] = 60,
            ["startDate"] = app.Today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["durationWeeks"] = 12,
            ["funding"] = "StateReimbursed",
            ["draft"] = true,
        });
        created.EnsureSuccessStatusCode();
        return Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }
}
