using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using AktivResept.Server.Components.Localization;

namespace AktivResept.Server.Tests.Components;

/// <summary>
/// Issue 14: the participant's pages speak to «du» and never in the referrer's (or staff's) words. Every text key the
/// participant's components use (<c>Components/Participants</c>: literal keys and the key families they build, such as
/// <c>MyBookings.Err.*</c>) is read in Bokmål and checked for the phrases that belong to other roles' pages.
/// </summary>
public sealed partial class ParticipantWordingTests
{
    /// <summary>The referrer's form fields and the staff's third person: never on a page addressed to the participant.</summary>
    private static readonly string[] OtherRolesWords =
    [
        "Hvor ofte du vil ha bekreftelse", // the referrer's confirmation interval
        "Frafallsrisiko", // the referrer's adherence verdict
        "Personen", // staff wording of the booking rules
        "Deltakeren",
        "pasienten",
        "Økten", // the staff's word for a session; the participant books «timer»
    ];

    /// <summary>The formal address (De har …, Dem, Deres) as whole words: the participant is «du». «De» alone is also «the».</summary>
    [GeneratedRegex(@"\b(Dem|Deres)\b|\bDe (har|kan|må|vil|skal|er|får|bør)\b")]
    private static partial Regex FormalAddress();

    [GeneratedRegex(@"\b(du|deg|din|ditt|dine|Du|Deg|Din|Ditt|Dine)\b")]
    private static partial Regex SecondPerson();

    [GeneratedRegex(@"T\[\$?""([^""]+)""")]
    private static partial Regex KeyUse();

    [Fact]
    public void The_referrers_phrase_is_a_text_of_the_referrers_form_so_the_scan_below_can_find_it()
    {
        var texts = Bokmal();
        texts.Values.ShouldContain(v => v.Contains(OtherRolesWords[0], StringComparison.Ordinal));
        ParticipantKeys(texts).ShouldNotContain("Field.confirmationIntervalWeeks");
    }

    [Fact]
    public void No_participant_text_uses_another_roles_wording_or_the_formal_address()
    {
        var texts = Bokmal();
        var keys = ParticipantKeys(texts);
        keys.Count.ShouldBeGreaterThan(100, "the scan found the participant components' keys");

        var problems = new List<string>();
        foreach (var key in keys)
        {
            var text = texts.GetValueOrDefault(key);
            if (text is null)
            {
                continue;
            }

            problems.AddRange(OtherRolesWords.Where(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)).Select(w => $"{key}: «{w}» in «{text}»"));
            if (FormalAddress().IsMatch(text))
            {
                problems.Add($"{key}: formal address in «{text}»");
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public void The_participant_texts_address_the_reader_as_du()
    {
        var texts = Bokmal();
        var sentences = ParticipantKeys(texts).Select(k => texts.GetValueOrDefault(k)).OfType<string>().Where(t => t.Split(' ').Length >= 6).ToList();
        sentences.Count.ShouldBeGreaterThan(30);

        // Most full sentences speak to «du» (others state facts: «Timen ble avlyst»); none speaks about «deg» in the third person.
        var toYou = sentences.Count(t => SecondPerson().IsMatch(t));
        (toYou * 2).ShouldBeGreaterThan(sentences.Count, $"{toYou} of {sentences.Count} sentences speak to «du»");
    }

    /// <summary>Keys named in the participant's components; a key built from a prefix (<c>$"MyBookings.Err.{code}"</c>) brings its whole family.</summary>
    private static HashSet<string> ParticipantKeys(IReadOnlyDictionary<string, string> texts)
    {
        var folder = Path.Combine(ServerSourceDirectory(), "Components", "Participants");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (Match use in KeyUse().Matches(source))
            {
                var key = use.Groups[1].Value;
                var brace = key.IndexOf('{', StringComparison.Ordinal);
                if (brace < 0)
                {
                    keys.Add(key);
                }
                else if (brace > 0)
                {
                    keys.UnionWith(texts.Keys.Where(k => k.StartsWith(key[..brace], StringComparison.Ordinal)));
                }
            }

            // BookingText builds the participant's refusals from "MyBookings.Err." + code.
            if (source.Contains("\"MyBookings.Err.\"", StringComparison.Ordinal))
            {
                keys.UnionWith(texts.Keys.Where(k => k.StartsWith("MyBookings.Err.", StringComparison.Ordinal)));
            }
        }

        // Refusals from the shared catalogue that the participant meets on these pages (pausing, joining a programme).
        keys.UnionWith(texts.Keys.Where(k => k.StartsWith("Err.pause.", StringComparison.Ordinal) ||
                                             k is "Err.programme.too-young" or "Err.programme.too-old" or "Err.programme.no-benefit-or-referral"));
        return keys;
    }

    private static Dictionary<string, string> Bokmal()
    {
        var set = new ResourceManager(typeof(UiText).FullName!, typeof(UiText).Assembly)
            .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string ?? string.Empty, StringComparer.Ordinal);
    }

    private static string ServerSourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AktivResept.slnx")))
            {
                return Path.Combine(dir.FullName, "src", "AktivResept.Server");
            }
        }

        throw new DirectoryNotFoundException("AktivResept.slnx not found above " + AppContext.BaseDirectory);
    }
}
