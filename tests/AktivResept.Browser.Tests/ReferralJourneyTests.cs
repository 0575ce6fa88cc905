using System.Text.RegularExpressions;
using AktivResept.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AktivResept.Browser.Tests;

/// <summary>The core loop through the web UI: refer, send to a gym, accept with a certified trainer, see it accepted.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferralJourneyTests(BrowserApp app, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Gp = "Kari Nordmann, fastlege";
    private const string OsloGym = "Aktiv Trening Oslo AS (administrator)";

    [Fact]
    public async Task A_referral_issued_by_a_GP_is_sent_accepted_by_the_gym_and_shown_as_accepted_to_the_GP()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.GotoAsync("/logg-inn");
        await ui.AssertAccessibleAsync("sign-in");
        await ui.ScreenshotAsync("sign-in");

        await ui.SignInAsAsync(Gp);
        await page.GetByRole(AriaRole.Link, new() { Name = "Ny henvisning" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ny henvisning", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("new referral");

        var nationalId = UiSession.NewNationalId();
        await FillValidReferralAsync(page, nationalId, "Sigrid", "Journeysen");
        // The referrer sets how long the participant may pause in all; the prescription shows it.
        await page.GetByLabel("Pauser deltakeren kan ta").SelectOptionAsync(new SelectOptionValue { Label = "Inntil 2 uker" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/henvisninger/[0-9a-f-]{36}"));
        var detailUrl = page.Url.Split('?')[0];
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Henvisningen er utstedt");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Inntil 2 uker i alt (14 dager igjen)");
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utstedt");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Mine henvisninger" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sigrid Journeysen" });
        await Expect(row).ToContainTextAsync("Utstedt");
        await ui.AssertAccessibleAsync("my referrals");
        await ui.ScreenshotAsync("my-referrals");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(detailUrl, new() { WaitUntil = WaitUntilState.Commit });
        await ui.AssertAccessibleAsync("referral detail");
        await page.GetByLabel(new Regex("Aktiv Trening Grünerløkka")).CheckAsync();
        await ui.ScreenshotAsync("referral-detail");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send til valgt treningssted" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("sendt til treningssenteret");
        await Expect(page.GetByText("Sendt til Aktiv Trening Oslo AS. Venter på svar.")).ToBeVisibleAsync();
        await ui.SignOutAsync();

        await ui.SignInAsAsync(OsloGym);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Innkommende henvisninger", Level = 1 })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("provider incoming");
        await ui.ScreenshotAsync("provider-incoming");
        await page.GetByRole(AriaRole.Region, new() { Name = "Venter på svar" }).GetByRole(AriaRole.Link, new() { Name = "Sigrid Journeysen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aksepter og tildel trener" })).ToBeVisibleAsync();
        await ui.AssertAccessibleAsync("provider accept");

        // A rejection needs a reason: the field says so and nothing changes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Avvis", Exact = true }).ClickAsync();
        await Expect(page.Locator("#f-reject-reason-error")).ToContainTextAsync("Fyll inn en begrunnelse.");
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utstedt");

        var trainers = page.Locator("input[name=trainerId]");
        (await trainers.CountAsync()).ShouldBeGreaterThan(0);
        await trainers.First.CheckAsync();
        await ui.ScreenshotAsync("provider-accept");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aksepter henvisningen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("akseptert");
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Akseptert");
        await ui.SignOutAsync();

        await ui.SignInAsAsync(Gp);
        await page.GotoAsync(detailUrl);
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Akseptert");
        var history = page.GetByRole(AriaRole.Region, new() { Name = "Statushistorikk" });
        await Expect(history.GetByRole(AriaRole.Row).Filter(new() { HasText = "Akseptert" })).ToContainTextAsync("Treningssenter (administrator)");
    }

    [Fact]
    public async Task Submitting_invalid_fields_shows_each_message_at_its_field_and_in_the_summary()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await ui.GotoAsync("/henvisninger/ny");

        await page.GetByLabel("Fødselsnummer eller D-nummer").FillAsync("12345");
        await page.GetByLabel("Økter per uke").FillAsync("mange");
        await page.GetByLabel("Minutter per økt").FillAsync("500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Skjemaet har feil" });
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToBeFocusedAsync();
        await Expect(page.Locator("#f-participant-nationalId-error")).ToContainTextAsync("nøyaktig 11 siffer");
        await Expect(page.Locator("#f-sessionsPerWeek-error")).ToContainTextAsync("helt tall");
        await Expect(page.Locator("#f-minutesPerSession-error")).ToContainTextAsync("mellom 15 og 180");
        await Expect(page.Locator("#f-reasonText-error")).ToContainTextAsync("Fyll inn årsak til henvisningen.");
        await Expect(page.Locator("#f-activityTypes-error")).ToContainTextAsync("minst én aktivitetstype");
        await Expect(page.Locator("#f-funding-error")).ToContainTextAsync("Fyll inn finansiering.");
        await Expect(page.GetByLabel("Fødselsnummer eller D-nummer")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Fødselsnummer eller D-nummer")).ToHaveValueAsync("12345");
        await Expect(summary.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Økter per uke:") })).ToHaveAttributeAsync("href", "#f-sessionsPerWeek");
        await ui.AssertAccessibleAsync("new referral with errors");
        await ui.ScreenshotAsync("new-referral-errors");
    }

    [Fact]
    public async Task State_reimbursement_for_a_person_without_a_benefit_is_refused_at_the_funding_field()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await ui.GotoAsync("/henvisninger/ny");
        await FillValidReferralAsync(page, UiSession.NewNationalId(), "Uten", "Ytelse");
        await page.GetByLabel("Finansiering").SelectOptionAsync(new SelectOptionValue { Label = "Statlig refusjon" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();

        await Expect(page.Locator("#f-funding-error")).ToContainTextAsync("ikke rett på statlig refusjon");
        page.Url.ShouldEndWith("/henvisninger/ny");
    }

    [Fact]
    public async Task A_draft_can_be_issued_later_and_cancelled_with_a_reason_that_the_history_shows()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await ui.GotoAsync("/henvisninger/ny");
        await FillValidReferralAsync(page, UiSession.NewNationalId(), "Utkast", "Person");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre som utkast" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Utkastet er lagret");
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utkast");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Utstedt");

        await page.GetByRole(AriaRole.Button, new() { Name = "Trekk tilbake", Exact = true }).ClickAsync();
        await Expect(page.Locator("#f-cancel-reason-error")).ToContainTextAsync("Fyll inn en begrunnelse.");
        await page.GetByLabel("Begrunnelse").FillAsync("Pasienten har flyttet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trekk tilbake", Exact = true }).ClickAsync();
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Trukket tilbake");
        var history = page.GetByRole(AriaRole.Region, new() { Name = "Statushistorikk" });
        await Expect(history.GetByRole(AriaRole.Row).Filter(new() { HasText = "Pasienten har flyttet" })).ToContainTextAsync("Trukket tilbake");
    }

    [Fact]
    public async Task A_gym_rejects_a_referral_with_a_reason_and_the_GP_sees_it_rejected()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await ui.GotoAsync("/henvisninger/ny");
        await FillValidReferralAsync(page, UiSession.NewNationalId(), "Avvist", "Person");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/henvisninger/[0-9a-f-]{36}"));
        var detailUrl = page.Url.Split('?')[0];
        await page.GetByLabel(new Regex("Aktiv Trening Grünerløkka")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send til valgt treningssted" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("sendt til treningssenteret");
        await ui.SignOutAsync();

        await ui.SignInAsAsync(OsloGym);
        await page.GetByRole(AriaRole.Link, new() { Name = "Avvist Person" }).ClickAsync();
        await page.GetByLabel("Begrunnelse").FillAsync("Ingen ledige timer på dagtid");
        await page.GetByRole(AriaRole.Button, new() { Name = "Avvis", Exact = true }).ClickAsync();
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Avvist");
        await ui.SignOutAsync();

        await ui.SignInAsAsync(Gp);
        await page.GotoAsync(detailUrl);
        await Expect(page.Locator(".page-heading .status")).ToHaveTextAsync("Avvist");
        await Expect(page.GetByText("Ingen ledige timer på dagtid")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_language_switch_shows_the_pages_in_English_and_sets_the_html_lang()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.SignInAsAsync(Gp);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nb");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My referrals", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GetByRole(AriaRole.Link, new() { Name = "New referral" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue referral" }).ClickAsync();
        await Expect(page.Locator("#f-reasonText-error")).ToContainTextAsync("Enter reason for the referral.");
        await ui.ScreenshotAsync("english-errors");
        await page.GetByRole(AriaRole.Link, new() { Name = "My referrals" }).First.ClickAsync();
        // The language link returns to the page it is on, so click it only once the list has replaced the form.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My referrals", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Norsk" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mine henvisninger", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Pages_require_sign_in_and_the_right_role()
    {
        await using var ui = await UiSession.OpenAsync(browser, app, output);
        var page = ui.Page;
        await ui.GotoAsync("/henvisninger/ny");
        await page.WaitForURLAsync(new Regex("/logg-inn\\?ReturnUrl="));

        await ui.SignInAsAsync(OsloGym);
        await ui.GotoAsync("/henvisninger/ny");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ingen tilgang", Level = 1 })).ToBeVisibleAsync();
    }

    private static async Task FillValidReferralAsync(IPage page, string nationalId, string givenName, string familyName)
    {
        await page.GetByLabel("Fødselsnummer eller D-nummer").FillAsync(nationalId);
        await page.GetByLabel("Fornavn").FillAsync(givenName);
        await page.GetByLabel("Etternavn").FillAsync(familyName);
        await page.GetByLabel("Kommunenummer").FillAsync("0301");
        await page.GetByLabel("Diagnosekode (ICPC-2)").FillAsync("L84");
        await page.GetByLabel("Årsak til henvisningen").FillAsync("Langvarige ryggsmerter");
        await page.GetByLabel("Mål for treningen").FillAsync("Gå til jobb uten smerter");
        await page.GetByLabel("Veiledet styrketrening").CheckAsync();
        await page.GetByLabel("Utholdenhetstrening").CheckAsync();
        await page.GetByLabel("Finansiering").SelectOptionAsync(new SelectOptionValue { Label = "Betaler selv" });
    }
}
