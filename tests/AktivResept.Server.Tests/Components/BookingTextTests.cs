using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Components.Participants;
using AktivResept.Server.Features.Programmes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.Components;

/// <summary>The participant's booking pages say why a booking is refused in words addressed to «du», from the stable code.</summary>
public sealed partial class BookingTextTests
{
    public static TheoryData<string> Languages => new() { "nb", "en" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_participant_wording_belongs_to_a_catalogue_code_and_names_only_its_arguments(string language)
    {
        var catalogue = ErrorCatalogue.Of(typeof(ErrorCodes), typeof(ApiErrorCodes), typeof(ProgrammeErrorCodes)).ToDictionary(c => c.Code);
        var resources = new ResourceManager(typeof(UiText).FullName!, typeof(UiText).Assembly)
            .GetResourceSet(language == "nb" ? CultureInfo.InvariantCulture : new CultureInfo(language), createIfNotExists: true, tryParents: false)!;
        const string prefix = "MyBookings.Err.";

        var texts = resources.Cast<DictionaryEntry>().Where(e => ((string)e.Key).StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => ((string)e.Key)[prefix.Length..], e => (string)e.Value!);

        texts.Keys.ShouldContain(ProgrammeErrorCodes.Paused.Code);
        texts.Keys.ShouldContain(ProgrammeErrorCodes.WeeklyLimit.Code);
        texts.Keys.ShouldContain(ProgrammeErrorCodes.OfferExpired.Code);
        foreach (var (code, text) in texts)
        {
            catalogue.ShouldContainKey(code);
            var allowed = Placeholder().Matches(catalogue[code].Template).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(p => !allowed.Contains(p)).ShouldBeEmpty(code);
        }
    }

    [Fact]
    public void The_no_show_pause_is_explained_with_its_dates_and_the_rule()
    {
        var error = ProgrammeErrorCodes.Paused.With(
            ("until", new DateOnly(2026, 11, 30)), ("count", 3), ("from", new DateOnly(2026, 11, 3)), ("to", new DateOnly(2026, 11, 17)), ("windowDays", 28), ("pauseDays", 14));

        var text = InCulture("nb-NO", t => BookingText.Refusal<int>(t, Failure.Of(error)));

        text.ShouldBe("Du kan ikke booke før pausen er over 30.11.2026: du møtte ikke opp 3 ganger mellom 03.11.2026 og 17.11.2026. " +
                      "Uteblir du 3 ganger innen 28 dager, får du 14 dagers pause fra booking.");
    }

    [Fact]
    public void A_status_is_named_in_the_language_and_an_eligibility_refusal_offers_the_nearest_alternative()
    {
        var already = ProgrammeErrorCodes.AlreadyBooked.With(("status", BookingStatus.Waiting));
        var ineligible = new Error(ErrorCodes.ProgrammeNoBenefitOrReferral, new Dictionary<string, object>
        {
            ["date"] = new DateOnly(2026, 12, 1),
            ["alternativeSessionId"] = Guid.NewGuid().ToString(),
            ["alternativeDate"] = new DateOnly(2026, 12, 8),
            ["alternativeTime"] = "10:00",
        });

        var waiting = InCulture("nb-NO", t => BookingText.Refusal<int>(t, Failure.Of(already)));
        var alternative = InCulture("nb-NO", t => BookingText.Refusal<int>(t, Failure.Of(ineligible)));
        var english = InCulture("en-GB", t => BookingText.Refusal<int>(t, Failure.Of(already)));

        waiting.ShouldBe("Du har allerede denne timen (på venteliste).");
        alternative.ShouldEndWith("Neste time i samme serie med ledig plass er 08.12.2026 kl. 10:00.");
        alternative.ShouldStartWith("Aktiv på dagtid krever en aktiv ytelse");
        english.ShouldBe("You already have this session (on the waiting list).");
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    private static string InCulture(string culture, Func<IStringLocalizer<UiText>, string> render)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
            return render(new StringLocalizer<UiText>(factory));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }
}
