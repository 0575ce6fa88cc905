using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
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
/// The referrer's journeys without dead ends (issue 23): a rejected referral goes to another gym, a draft is edited and
/// its reimbursement checked before it is issued, the lists filter by status, and every error page leads back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferrerListsJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Gp = "Kari Nordmann, fastlege";
    private const string OsloGym = "Aktiv Trening Oslo AS (administrator)";

    [Fact]
    public async Task A_GP_sends_a_rejected_referral_to_another_gym_and_both_keep_their_history()
    {
        var (id, name) = await RejectedAtGrunerlokkaAsync();
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await ui.GotoAsync($"/henvisninger/{id}");
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Avvist");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Send til et annet treningssenter" })).ToBeVisibleAsync();
        await AssertAccessibleAtBothWidthsAsync(ui, "rejected referral");

        await page.GetByLabel(new Regex("Sterk Hverdag Bjørvika")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send til valgt treningssenter" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("melding=resent"));
        page.Url.ShouldNotContain(id.ToString());
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utstedt");
        await Expect(page.GetByText("Sendt til Sterk Hverdag AS. Venter på svar.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Se den avviste henvisningen og historikken." }).ClickAsync();
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Avvist");
        await Expect(page.GetByText("Henvisningen er sendt på nytt til et annet treningssenter.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Send til et annet treningssenter" })).ToHaveCountAsync(0);
        await AssertAccessibleAtBothWidthsAsync(ui, $"rejected referral of {name} after resending");
    }

    [Fact]
    public async Task A_GP_checks_cover_on_the_form_edits_the_draft_and_is_warned_that_the_benefit_ends_inside_the_period_before_issuing()
    {
        var nationalId = UiSession.NewNationalId();
        var start = app.Today.AddDays(7);
        var benefitEnds = start.AddDays(30);
        await GiveBenefitAsync(nationalId, BenefitKind.WorkAssessmentAllowance, app.Today.AddDays(-60), benefitEnds);
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await ui.GotoAsync("/henvisninger/ny");
        await FillReferralAsync(page, nationalId, "Delvis", "Dekket");
        await page.GetByLabel("Startdato").FillAsync(start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Finansiering").SelectOptionAsync(new SelectOptionValue { Label = "Statlig refusjon" });

        await page.GetByRole(AriaRole.Button, new() { Name = "Sjekk rett til statlig refusjon" }).ClickAsync();

        var cover = page.Locator("[data-eligibility]");
        await Expect(cover).ToHaveAttributeAsync("data-eligibility", "until");
        await Expect(cover).ToContainTextAsync($"Statlig refusjon dekker bare til og med {benefitEnds:dd.MM.yyyy}.");
        // Before a draft exists the GP has no care relationship with the person: the answer names no benefit (issue 21).
        await Expect(cover).Not.ToContainTextAsync("Ytelse:");
        await Expect(cover).ToContainTextAsync($"Ytelsen slutter {benefitEnds:dd.MM.yyyy}, før perioden er over");
        page.Url.ShouldEndWith("/henvisninger/ny");
        await Expect(page.GetByLabel("Mål for treningen")).ToHaveValueAsync("Gå til jobb uten smerter");
        await AssertAccessibleAtBothWidthsAsync(ui, "new referral with cover checked");

        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre som utkast" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Utkastet er lagret" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-eligibility]")).ToHaveAttributeAsync("data-eligibility", "until");
        await Expect(page.Locator("[data-eligibility]")).ToContainTextAsync("Ytelse: Arbeidsavklaringspenger");
        var detailUrl = page.Url.Split('?')[0];

        await page.GetByRole(AriaRole.Link, new() { Name = "Endre utkastet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Endre utkast", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Årsak til henvisningen")).ToHaveValueAsync("Langvarige ryggsmerter");
        await AssertAccessibleAtBothWidthsAsync(ui, "edit draft");

        // A shorter period that ends before the benefit does is covered in full; the check says so before saving.
        await page.GetByLabel("Varighet i uker").FillAsync("4");
        await page.GetByLabel("Mål for treningen").FillAsync("Sykle til jobben");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sjekk rett til statlig refusjon" }).ClickAsync();
        await Expect(page.Locator("[data-eligibility]")).ToHaveAttributeAsync("data-eligibility", "whole");
        await Expect(page.GetByLabel("Mål for treningen")).ToHaveValueAsync("Sykle til jobben");

        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre utkastet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Utkastet er endret" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-eligibility]")).ToHaveAttributeAsync("data-eligibility", "whole");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Sykle til jobben");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utstedt");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Endre utkastet" })).ToHaveCountAsync(0);

        // An issued referral's edit page says why it cannot be edited, and leads back.
        await ui.GotoAsync(detailUrl.Replace(app.BaseUrl, string.Empty, StringComparison.Ordinal) + "/endre");
        await Expect(page.GetByText("kan ikke endres")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Tilbake til henvisningen" }).ClickAsync();
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utstedt");
    }

    [Fact]
    public async Task The_GPs_list_filters_by_status_in_the_address_and_shows_attendance_columns()
    {
        var draftName = await DraftAsync();
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await ui.GotoAsync("/henvisninger");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Oppmøte" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Sist trent" })).ToBeVisibleAsync();

        // Keyboard only: choose the status and submit the filter with Enter.
        await page.GetByLabel("Status").FocusAsync();
        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Utkast" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis", Exact = true }).PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("status=Draft"));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = draftName })).ToBeVisibleAsync();
        var statuses = await page.Locator("tbody .status").AllTextContentsAsync();
        statuses.ShouldNotBeEmpty();
        statuses.ShouldAllBe(s => s == "Utkast");
        await AssertAccessibleAtBothWidthsAsync(ui, "my referrals filtered");
    }

    [Fact]
    public async Task The_gyms_incoming_list_shows_when_to_reply_sorts_and_filters_by_status()
    {
        var (_, first) = await SentToGrunerlokkaAsync();
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(OsloGym);
        await ui.GotoAsync("/tilbyder/henvisninger?sorter=svarfrist");
        var waiting = page.GetByRole(AriaRole.Region, new() { Name = "Venter på svar" });
        await Expect(waiting.GetByRole(AriaRole.Columnheader, new() { Name = "Svar innen" })).ToBeVisibleAsync();
        var replyBy = app.Today.AddDays(14).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(waiting.GetByRole(AriaRole.Row).Filter(new() { HasText = first })).ToContainTextAsync(replyBy);
        var dates = (await waiting.Locator("tbody td:nth-child(6)").AllTextContentsAsync())
            .Select(d => DateOnly.ParseExact(d, "dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        dates.ShouldBe(dates.Order().ToList());
        await AssertAccessibleAtBothWidthsAsync(ui, "incoming sorted by reply-by");

        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Pågår" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("status=Active"));
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Venter på svar" })).ToHaveCountAsync(0);
        (await page.Locator("tbody .status").AllTextContentsAsync()).ShouldAllBe(s => s == "Pågår");
    }

    [Theory]
    [InlineData("nb", "Fant ikke siden", "Ingen tilgang")]
    [InlineData("en", "Page not found", "No access")]
    public async Task Every_error_page_is_in_the_persons_language_in_the_layout_with_a_way_back(string language, string notFound, string forbidden)
    {
        var physiosDraft = await app.ApiAs(Roles.Referrer, DemoIdentities.PhysiotherapistHpr, DemoIdentities.PhysioOrg)
            .PostAsJsonAsync("/api/prescriptions", Request(UiSession.NewNationalId(), "Fysio", "Pasient", draft: true));
        physiosDraft.EnsureSuccessStatusCode();
        var notYours = (await physiosDraft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        if (language == "en")
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }

        foreach (var (path, heading) in new[]
                 {
                     ("/ingen-slik-side", notFound), ($"/henvisninger/{Guid.CreateVersion7()}", notFound),
                     ($"/henvisninger/{notYours}", notFound), ($"/henvisninger/{notYours}/endre", notFound), ("/tilbyder/henvisninger", forbidden),
                 })
        {
            await ui.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await Expect(page.Locator(".site-header")).ToBeVisibleAsync();
            await Expect(page.Locator("main a[href='/']").First).ToBeVisibleAsync();
            await AssertAccessibleAtBothWidthsAsync(ui, $"{path} ({language})");
        }

        // The way back works.
        await page.Locator("main a[href='/']").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        // The API and the FHIR facade keep answering machines, even to a browser's Accept header.
        var gp = GpApi();
        gp.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var api = await gp.GetAsync($"/api/prescriptions/{Guid.CreateVersion7()}");
        ((int)api.StatusCode).ShouldBe(404);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var fhir = await gp.GetAsync($"/fhir/ServiceRequest/{Guid.CreateVersion7()}");
        ((int)fhir.StatusCode).ShouldBeOneOf(404, 406);
        (await fhir.Content.ReadAsStringAsync()).ShouldContain("OperationOutcome");
    }

    private static async Task AssertAccessibleAtBothWidthsAsync(UiSession ui, string name)
    {
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.AssertAccessibleAsync($"{name} at 390 px");
        await ui.Page.SetViewportSizeAsync(1280, 900);
        await ui.AssertAccessibleAsync($"{name} at 1280 px");
    }

    private async Task GiveBenefitAsync(string nationalId, BenefitKind kind, DateOnly from, DateOnly? to) =>
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<AktivDbContext>();
            db.BenefitPeriods.Add(new BenefitPeriodRecord { NationalIdHash = services.GetRequiredService<NationalIdLookupHash>().Of(nationalId), Kind = kind, From = from, To = to, Source = "test" });
            return await db.SaveChangesAsync();
        });

    private HttpClient GpApi() => app.ApiAs(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);

    private async Task<string> DraftAsync()
    {
        var name = $"Utkast{Guid.NewGuid().ToString("N")[..6]}";
        (await GpApi().PostAsJsonAsync("/api/prescriptions", Request(UiSession.NewNationalId(), name, "Liste", draft: true))).EnsureSuccessStatusCode();
        return $"{name} Liste";
    }

    private async Task<(Guid Id, string Name)> SentToGrunerlokkaAsync()
    {
        var gp = GpApi();
        var given = $"Sendt{Guid.NewGuid().ToString("N")[..6]}";
        var created = await gp.PostAsJsonAsync("/api/prescriptions", Request(UiSession.NewNationalId(), given, "Person"));
        created.EnsureSuccessStatusCode();
        var id = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).EnsureSuccessStatusCode();
        return (id, $"{given} Person");
    }

    private async Task<(Guid Id, string Name)> RejectedAtGrunerlokkaAsync()
    {
        var (id, name) = await SentToGrunerlokkaAsync();
        (await app.ApiAs(Roles.ProviderAdmin, org: DemoIdentities.AktivTreningOsloOrg).PostAsJsonAsync($"/api/prescriptions/{id}/reject", new { reason = "Fullt på dagtid" })).EnsureSuccessStatusCode();
        return (id, name);
    }

    private Dictionary<string, object?> Request(string nationalId, string given, string family, bool draft = false) => new()
    {
        ["participant"] = new Dictionary<string, object?> { ["nationalId"] = nationalId, ["givenName"] = given, ["familyName"] = family, ["kommunenummer"] = "0301" },
        ["reasonText"] = "Ryggsmerter",
        ["goals"] = "Gå tur uten smerter",
        ["activityTypes"] = new[] { "SupervisedStrength" },
        ["sessionsPerWeek"] = 2,
        ["minutesPerSession"] = 60,
        ["startDate"] = app.Today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["durationWeeks"] = 12,
        ["funding"] = "SelfPaid",
        ["draft"] = draft,
    };

    private static async Task FillReferralAsync(IPage page, string nationalId, string givenName, string familyName)
    {
        await page.GetByLabel("Fødselsnummer eller D-nummer").FillAsync(nationalId);
        await page.GetByLabel("Fornavn").FillAsync(givenName);
        await page.GetByLabel("Etternavn").FillAsync(familyName);
        await page.GetByLabel("Kommunenummer").FillAsync("0301");
        await page.GetByLabel("Årsak til henvisningen").FillAsync("Langvarige ryggsmerter");
        await page.GetByLabel("Mål for treningen").FillAsync("Gå til jobb uten smerter");
        await page.GetByLabel("Veiledet styrketrening").CheckAsync();
    }
}
