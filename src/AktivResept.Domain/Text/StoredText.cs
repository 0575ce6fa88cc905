using System.Globalization;
using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Text;

/// <summary>
/// What any free-text field may hold. Control characters (NUL above all: PostgreSQL's text cannot store it) and
/// unpaired UTF-16 surrogates (not text at all: they cannot be encoded as UTF-8) are refused; tab, line feed and
/// carriage return stay allowed, since reasons and notes may span lines. Every boundary that takes text (JSON
/// bodies, query strings, webhook events, FHIR resources) asks this one rule.
/// </summary>
public static class StoredText
{
    /// <summary>The index of the first character the rule refuses, or -1 when the text may be stored.</summary>
    public static int IndexOfRefused(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || (char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Null when <paramref name="text"/> (or its absence) may be stored; otherwise the error naming the character.</summary>
    public static Error? Check(ReadOnlySpan<char> text)
    {
        var at = IndexOfRefused(text);
        return at < 0 ? null
            : char.IsSurrogate(text[at]) ? ErrorCodes.TextNotUnicode
            : ErrorCodes.TextControlCharacter.With(("character", "U+" + ((int)text[at]).ToString("X4", CultureInfo.InvariantCulture)));
    }
}
