using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using AktivResept.Domain.Adherence;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Components.Attendance;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Components.Prescriptions;
using AktivResept.Server.Components.Shared;
using AktivResept.Server.Features.Prescriptions.Read;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.Components;

/// <summary>
/// Issue 23 item 11, the staff pages' language: counts agree with their nouns on the rendered pages, the gym accepts and
/// the payer approves (two words), an empty required field names itself, and the texts removed stay removed.
/// The decisions are in docs/wording.md.
/// </summary>
public sealed partial class WordingTests
{
    private static readonly IStringLocalizer<UiText> T = new StringLocalizer<UiText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    private static readonly Dictionary<string, string> Bokmal = Texts(CultureInfo.InvariantCulture);

    private static readonly Dictionary<string, string> English = Texts(new CultureInfo("en"));

    [Fact]
    public void Every_text_exists_in_both_languages()
    {
        Bokmal.Keys.Except(English.Keys).ShouldBeEmpty("in Bokmål only");
        English.Keys.Except(Bokmal.Keys).ShouldBeEmpty("in English only");
        Bokmal.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key).ShouldBeEmpty();
        English.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key).ShouldBeEmpty();
    }

    [Fact]
    public void No_text_counts_one_with_a_plural_or_hedges_with_a_bracketed_plural()
    {
        var offending = Bokmal.Concat(English)
            .Where(e => OneWithPlural().IsMatch(e.Value) || BracketedPlural().IsMatch(e.Value) || EveryOne().IsMatch(e.Value))
            .Select(e => $"{e.Key}: {e.Value}")
            .ToList();

        offending.ShouldBeEmpty();
    }

    [Fact]
    public void A_required_field_says_fill_in_not_must_be_filled_in()
    {
        // A form's introduction may say that fields must be filled in; a message about one field says «Fyll inn».
        Bokmal.Where(e => IsMessage(e.Key) && e.Value.Contains("Må fylles ut", StringComparison.OrdinalIgnoreCase)).Select(e => e.Key).ShouldBeEmpty();
        English.Where(e => IsMessage(e.Key) && e.Value.StartsWith("Required", StringComparison.Ordinal))
            .Select(e => e.Key).ShouldBeEmpty();
    }

    [Fact]
    public void The_gym_accepts_and_the_payer_approves_in_two_different_words()
    {
        foreach (var texts in new[] { Bokmal, English })
        {
            texts["Status.Accepted"].ShouldNotBe(texts["ClaimStatus.Approved"]);
            texts["Status.Accepted"].ShouldNotBe(texts["LineStatus.Approved"]);
        }

        Bokmal["Status.Accepted"].ShouldBe("Akseptert");
        English["Status.Accepted"].ShouldBe("Accepted");
        Bokmal["ClaimStatus.Approved"].ShouldBe("Godkjent");

        // The gym's acceptance and everything that refers to it never borrows the payer's word.
        var acceptance = Bokmal.Where(e => AcceptanceKeys.Any(k => e.Key.StartsWith(k, StringComparison.Ordinal)));
        acceptance.Where(e => e.Value.Contains("godkjen", StringComparison.OrdinalIgnoreCase)).Select(e => $"{e.Key}: {e.Value}").ShouldBeEmpty();
    }

    [Fact]
    public void Staff_pages_speak_of_a_referral_and_never_of_a_prescription()
    {
        var staffOnly = Bokmal.Where(e => StaffKeys.Any(k => e.Key.StartsWith(k, StringComparison.Ordinal)) && Resept().IsMatch(e.Value));
        var staffOnlyEnglish = English.Where(e => StaffKeys.Any(k => e.Key.StartsWith(k, StringComparison.Ordinal)) && e.Value.Contains("prescription", StringComparison.OrdinalIgnoreCase));

        staffOnly.Select(e => $"{e.Key}: {e.Value}").ShouldBeEmpty();
        staffOnlyEnglish.Select(e => $"{e.Key}: {e.Value}").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("nb-NO", 0, "Ingen krav venter på behandling.")]
    [InlineData("nb-NO", 1, "1 krav venter på behandling.")]
    [InlineData("nb-NO", 3, "3 krav venter på behandling.")]
    [InlineData("en", 0, "No claims are waiting for review.")]
    [InlineData("en", 1, "1 claim is waiting for review.")]
    [InlineData("en", 3, "3 claims are waiting for review.")]
    public void A_count_of_none_one_or_many_picks_its_own_text(string culture, int count, string expected) =>
        In(culture, () => Labels.Counted(T, "PayerHome.Review", count)).ShouldBe(expected);

    [Theory]
    [InlineData("nb-NO", "Session.SameDay", 1, "Det er allerede registrert 1 økt denne dagen.")]
    [InlineData("nb-NO", "Session.SameDay", 2, "Det er allerede registrert 2 økter denne dagen.")]
    [InlineData("nb-NO", "Done.lines-approved", 1, "1 linje er godkjent.")]
    [InlineData("nb-NO", "Done.lines-approved", 4, "4 linjer er godkjent.")]
    [InlineData("en", "Done.lines-rejected", 1, "1 line was rejected.")]
    [InlineData("en", "Done.lines-rejected", 4, "4 lines were rejected.")]
    [InlineData("nb-NO", "GymAdmin.ExpiringNotice", 1, "1 sertifikat går ut")]
    [InlineData("nb-NO", "GymAdmin.ExpiringNotice", 2, "2 sertifikater går ut")]
    [InlineData("en", "GymAdmin.ExpiringNotice", 1, "1 certificate expires")]
    [InlineData("en", "Timetable.ProgrammeCount", 2, "2 programmes")]
    public void Counted_texts_agree_with_their_count(string culture, string key, int count, string expected) =>
        In(culture, () => Labels.Counted(T, key, count, count, 60)).ShouldStartWith(expected);

    [Theory]
    [InlineData("nb-NO", 200, 200, "Viser 200 av 200 linjer.")]
    [InlineData("nb-NO", 1, 1, "Viser 1 av 1 linje.")]
    [InlineData("en", 0, 1, "Showing 0 of 1 line.")]
    public void Showing_agrees_with_the_total_not_the_shown(string culture, int shown, int total, string expected) =>
        In(culture, () => Labels.Counted(T, "Review.Shown", total, shown, total)).ShouldBe(expected);

    [Theory]
    [InlineData("nb-NO", 1, "1 linje er ikke vurdert ennå. Godkjenn eller avvis den først.")]
    [InlineData("nb-NO", 3, "3 linjer er ikke vurdert ennå. Godkjenn eller avvis dem først.")]
    [InlineData("en", 1, "1 line is still undecided. Approve or reject it first.")]
    public void An_error_that_counts_agrees_with_its_count(string culture, int count, string expected) =>
        In(culture, () => ErrorText.Localize(T, ApiErrorCodes.Undecided.With(("count", count)))).ShouldBe(expected);

    [Theory]
    [InlineData("nb-NO", "Fødselsnummer", "Fyll inn fødselsnummer.")]
    [InlineData("nb-NO", "HPR-nummer", "Fyll inn HPR-nummer.")]
    [InlineData("en", "Reason for referral", "Enter reason for referral.")]
    public void An_empty_required_field_names_itself_at_the_field_and_in_the_summary(string culture, string label, string expected)
    {
        var (atField, inSummary, unlabelled) = In(culture, () =>
        {
            var errors = new FormErrors(T);
            errors.AddOutcome<int>(Failure.Invalid("nationalId", ErrorCodes.Required));
            return (errors.For("nationalId", label).Single(), errors.Labelled(_ => label).Single(), errors.For("nationalId").Single());
        });

        atField.ShouldBe(expected);
        inSummary.ShouldBe(("nationalId", expected, true));
        unlabelled.ShouldBe(culture == "en" ? "Enter a value." : "Fyll inn feltet.");
    }

    [Fact]
    public void A_required_field_with_a_length_limit_names_itself_and_the_limit()
    {
        var text = In("nb-NO", () =>
        {
            var errors = new FormErrors(T);
            errors.AddOutcome<int>(Failure.Invalid("reason", ErrorCodes.RequiredMaxLength.With(("max", 1000))));
            return errors.For("reason", "Begrunnelse").Single();
        });

        text.ShouldBe("Fyll inn begrunnelse (høyst 1000 tegn).");
    }

    [Fact]
    public void Any_other_error_keeps_its_label_in_the_summary()
    {
        var summary = In("nb-NO", () =>
        {
            var errors = new FormErrors(T);
            errors.AddOutcome<int>(Failure.Invalid("nationalId", ErrorCodes.NationalIdDigits));
            return errors.Labelled(_ => "Fødselsnummer").Single();
        });

        summary.NamesField.ShouldBeFalse();
        summary.Message.ShouldNotContain("Fyll inn");
    }

    [Theory]
    [InlineData("nb-NO", 1, new[] { "1 økt per uke à 30 minutter", "(1 uke, forlenget med 1 dag på grunn av pause)", "Hver uke", "Inntil 1 uke i alt (1 dag igjen)", "11.12.2026" })]
    [InlineData("nb-NO", 2, new[] { "2 økter per uke à 30 minutter", "(2 uker, forlenget med 2 dager på grunn av pause)", "Hver 2. uke", "Inntil 2 uker i alt (2 dager igjen)" })]
    [InlineData("en", 1, new[] { "1 session a week of 30 minutes", "(1 week, extended by 1 day because of a pause)", "Every week", "Up to 1 week in all (1 day left)", "11 Dec 2026" })]
    [InlineData("en", 2, new[] { "2 sessions a week of 30 minutes", "(2 weeks, extended by 2 days because of pauses)", "Every 2 weeks", "Up to 2 weeks in all (2 days left)" })]
    public async Task The_prescription_facts_agree_with_their_counts(string culture, int n, string[] expected)
    {
        var html = await RenderAsync<PrescriptionFacts>(culture, new() { ["View"] = Prescription(n) });

        foreach (var text in expected)
        {
            html.ShouldContain(text);
        }

        html.ShouldNotContain(n == 1 ? "1 uker" : "2 uke,");
        html.ShouldNotContain("1 weeks");
    }

    [Theory]
    [InlineData("nb-NO", 1, "0 av 1 økt", "1 økt foreskrevet", "Uke 50 (fra 07.12.2026): 0 av 1 foreskrevet økt")]
    [InlineData("nb-NO", 2, "0 av 2 økter", "2 økter foreskrevet", "Uke 50 (fra 07.12.2026): 0 av 2 foreskrevne økter")]
    [InlineData("en", 1, "0 of 1 session", "1 session prescribed", "Week 50 (from 7 Dec 2026): 0 of 1 prescribed session")]
    [InlineData("en", 2, "0 of 2 sessions", "2 sessions prescribed", "Week 50 (from 7 Dec 2026): 0 of 2 prescribed sessions")]
    public async Task The_adherence_figures_agree_with_their_counts(string culture, int prescribed, string attended, string total, string week)
    {
        var report = new AdherenceReport([new WeekAdherence(2026, 50, new DateOnly(2026, 12, 7), prescribed, 0, 0, null)], 0, prescribed, prescribed, null, null, null, 0, AdherenceVerdict.OnTrack);

        var html = await RenderAsync<AdherenceChart>(culture, new() { ["Report"] = report });

        html.ShouldContain($">{attended}</dd>");
        html.ShouldContain(total);
        html.ShouldContain($"<title>{week}</title>");
    }

    private static PrescriptionView Prescription(int n)
    {
        var party = new PartyView(Guid.NewGuid(), "Testsenter");
        return new PrescriptionView(
            Guid.NewGuid(), PrescriptionStatus.Active, new PartyView(Guid.NewGuid(), "Ola Testesen"), new ReferrerView(Guid.NewGuid(), "Lege Legesen", "1234567", "Legekontoret"),
            "L84", "Ryggsmerter", "Gå til jobben", [ActivityType.Endurance], n, 30, new DateOnly(2026, 12, 11), new DateOnly(2026, 12, 11).AddDays(7 * n - 1 + n), n,
            null, null, n, FundingSource.StateReimbursed, null, party, party, party, DateTimeOffset.UnixEpoch, null, [], MaxPauseWeeksTotal: n, PauseDaysLeft: n, PausedDays: n);
    }

    private static async Task<string> RenderAsync<TComponent>(string culture, Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
                return System.Net.WebUtility.HtmlDecode(output.ToHtmlString());
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
            }
        });
    }

    private static readonly string[] AcceptanceKeys = ["Status.Accepted", "Accept.", "Done.accepted", "Incoming.", "Reconcile.", "Err.session.prescription-not-accepted", "Err.reconciliation.not-accepted-here", "Refusal.WrongProvider"];

    /// <summary>Texts only staff read (the gym, the trainer, the payer, the municipality, the referrer's forms).</summary>
    private static readonly string[] StaffKeys = ["Reconcile.", "Refusal.", "Incoming.", "Accept.", "Claims.", "Review.", "Session.", "GymAdmin.", "MunicipalityHome.", "Overview.", "Reject.", "List.", "New.", "Detail.", "Resend.", "Send.", "Err.session.", "Err.reconciliation."];

    private static bool IsMessage(string key) => key.StartsWith(ErrorText.KeyPrefix, StringComparison.Ordinal) || key.StartsWith("Val.", StringComparison.Ordinal);

    private static Dictionary<string, string> Texts(CultureInfo culture) =>
        new ResourceManager(typeof(UiText).FullName!, typeof(UiText).Assembly).GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static TResult In<TResult>(string culture, Func<TResult> read)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            return read();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }

    [GeneratedRegex(@"\b1 (weeks|uker|lines|linjer|payments|betalinger|sessions|økter|deltakere|participants|henvisninger|referrals|claims|days|dager|certificates|sertifikater|ganger|times|months|måneder)\b")]
    private static partial Regex OneWithPlural();

    [GeneratedRegex(@"(?<=\w)(?<!http)\((s|er|e)\)")]
    private static partial Regex BracketedPlural();

    [GeneratedRegex(@"\b(Every|every) 1 |\b[Hh]ver 1\. ")]
    private static partial Regex EveryOne();

    [GeneratedRegex(@"(?<!Aktiv)resept", RegexOptions.IgnoreCase)]
    private static partial Regex Resept();
}
