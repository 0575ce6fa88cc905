using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Features.Programmes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.Components;

public sealed partial class ErrorTextTests
{
    private static readonly IReadOnlyList<ErrorCode> Catalogue = ErrorCatalogue.Of(typeof(ErrorCodes), typeof(ApiErrorCodes), typeof(ProgrammeErrorCodes));

    public static TheoryData<string> Languages => new() { "nb", "en" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_catalogue_code_has_a_text_that_names_only_the_errors_own_arguments(string language)
    {
        var resources = new ResourceManager(typeof(UiText).FullName!, typeof(UiText).Assembly)
            .GetResourceSet(language == "nb" ? CultureInfo.InvariantCulture : new CultureInfo(language), createIfNotExists: true, tryParents: false)!;

        var problems = new List<string>();
        foreach (var code in Catalogue)
        {
            var text = resources.GetString(ErrorText.KeyPrefix + code.Code);
            if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add($"{code.Code}: no text");
                continue;
            }

            var allowed = Placeholders(code.Template).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(Placeholders(text).Where(p => !allowed.Contains(p)).Select(p => $"{code.Code}: unknown placeholder {{{p}}}"));
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Every_code_in_both_catalogues_is_unique()
    {
        Catalogue.Select(c => c.Code).ShouldBeUnique();
    }

    [Fact]
    public void Bokmal_renders_statuses_and_dates_the_Norwegian_way()
    {
        var text = InCulture("nb-NO", t => ErrorText.Localize(t, ErrorCodes.TransitionNotAllowed.With(("from", PrescriptionStatus.Completed), ("to", PrescriptionStatus.Active))));
        var period = InCulture("nb-NO", t => ErrorText.Localize(t, ErrorCodes.WithinPeriod.With(("from", new DateOnly(2026, 3, 9)), ("to", new DateOnly(2026, 5, 31)))));

        text.ShouldBe("En henvisning med status «Fullført» kan ikke få status «Pågår».");
        period.ShouldBe("Må være innenfor perioden, 09.03.2026–31.05.2026.");
    }

    [Fact]
    public void English_renders_money_and_counts_from_the_arguments()
    {
        var text = InCulture("en-GB", t => ErrorText.Localize(t, ApiErrorCodes.NothingToTransfer.With(("amount", -400m))));

        text.ShouldBe("The approved amount is kr -400,00; there is nothing to transfer.");
    }

    [Fact]
    public void An_unknown_code_falls_back_to_its_English_message()
    {
        var unknown = new ErrorCode("test.not-in-the-resources", ErrorKind.Rule, "Nothing here matches {what}.");

        var text = InCulture("nb-NO", t => ErrorText.Localize(t, unknown.With(("what", "anything"))));

        text.ShouldBe("Nothing here matches anything.");
    }

    private static IEnumerable<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value);

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

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
