using System.Globalization;
using AktivResept.Domain.Outcomes;

namespace AktivResept.Server.Features.Outcomes;

/// <summary>
/// The completion summary's outcome sentences, one per instrument («Reise-sette-seg-test, 30 sekunder: 10 → 13 (+3;
/// klinisk viktig endring)»), in the words of the given text lookup: the inbox passes the reader's localiser, the
/// dialogmelding the Norwegian texts. The figures are the <see cref="OutcomeChange"/> the page and REST show.
/// </summary>
public static class OutcomeChangeText
{
    public static IEnumerable<string> Sentences(Func<string, object[], string> text, CultureInfo culture, IEnumerable<OutcomeChange> changes)
    {
        foreach (var c in changes)
        {
            if (!InstrumentCatalogue.TryFind(c.Instrument, out var instrument))
            {
                continue;
            }

            string N(decimal value) => value.ToString($"F{instrument.Decimals}", culture);
            var verdict = c.Important switch
            {
                true => text("Inbox.CompletedOutcomeImportant", []),
                false => text("Inbox.CompletedOutcomeNotImportant", [N(c.Mcid ?? 0)]),
                null => text("Inbox.CompletedOutcomeNoMcid", []),
            };
            var unit = Unit(c.Unit);
            yield return text("Inbox.CompletedOutcome", [
                text($"Instrument.{c.Instrument}", []), N(c.Baseline), N(c.End), unit.Length > 0 ? " " + unit : "",
                (c.Change > 0 ? "+" : "") + N(c.Change), verdict]);
        }
    }

    /// <summary>A UCUM unit as a reader writes it: annotations such as <c>{repetitions}</c> say nothing a reader needs.</summary>
    public static string Unit(string ucum) => ucum switch
    {
        ['{', .., '}'] => "",
        "mm[Hg]" => "mmHg",
        _ => ucum,
    };
}
