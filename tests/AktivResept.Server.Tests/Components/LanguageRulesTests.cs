using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using AktivResept.Server.Components.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.Components;

/// <summary>
/// Issue 23 item 11: a count picks its wording in one place (number agreement), and an English date cannot be read in
/// US order.
/// </summary>
public sealed partial class LanguageRulesTests
{
    private static readonly IStringLocalizer<UiText> T = new StringLocalizer<UiText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    [Theory]
    [InlineData("nb-NO", "New.EveryNWeeks", 1, "Hver uke")]
    [InlineData("nb-NO", "New.EveryNWeeks", 2, "Hver 2. uke")]
    [InlineData("nb-NO", "New.UpToNWeeks", 1, "Inntil 1 uke")]
    [InlineData("nb-NO", "New.UpToNWeeks", 4, "Inntil 4 uker")]
    [InlineData("en", "New.EveryNWeeks", 1, "Every week")]
    [InlineData("en", "New.EveryNWeeks", 4, "Every 4 weeks")]
    [InlineData("en", "New.UpToNWeeks", 1, "Up to 1 week")]
    public void A_count_agrees_with_its_noun(string culture, string key, int count, string expected) =>
        In(culture, () => Labels.Counted(T, key, count)).ShouldBe(expected);

    [Theory]
    [InlineData("nb-NO", "11.12.2026")]
    [InlineData("en", "11 Dec 2026")]
    public void A_date_reads_day_first_in_both_languages(string culture, string expected) =>
        In(culture, () => Labels.Date(new DateOnly(2026, 12, 11))).ShouldBe(expected);

    [Fact]
    public void Every_singular_variant_exists_in_both_languages_and_names_no_plural_count()
    {
        var nb = Texts(CultureInfo.InvariantCulture);
        var en = Texts(new CultureInfo("en"));
        var singulars = nb.Keys.Concat(en.Keys).Where(k => k.EndsWith(".One", StringComparison.Ordinal)).Distinct().ToList();

        singulars.ShouldNotBeEmpty();
        foreach (var key in singulars)
        {
            nb.ShouldContainKey(key);
            en.ShouldContainKey(key);
            nb.ShouldContainKey(key[..^".One".Length]);
            en.ShouldContainKey(key[..^".One".Length]);
        }

        // No text says "1 weeks" or "1 uker" outright.
        foreach (var text in nb.Values.Concat(en.Values))
        {
            OneWithPlural().IsMatch(text).ShouldBeFalse(text);
        }
    }

    private static Dictionary<string, string> Texts(CultureInfo culture) =>
        new ResourceManager(typeof(UiText).FullName!, typeof(UiText).Assembly).GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static string In(string culture, Func<string> read)
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

    [GeneratedRegex(@"\b1 (weeks|uker|lines|linjer|payments|betalinger|sessions|økter)\b")]
    private static partial Regex OneWithPlural();
}
