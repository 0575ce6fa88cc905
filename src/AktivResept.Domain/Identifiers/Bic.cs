using System.Diagnostics.CodeAnalysis;
using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Identifiers;

/// <summary>
/// A Business Identifier Code (ISO 9362, SWIFT code): a four-character party prefix, a two-letter country code, a
/// two-character suffix and an optional three-character branch code, e.g. <c>DNBANOKK</c> or <c>DNBANOKKXXX</c>.
/// Only the format is checked; whether the institution exists is the bank's business.
/// </summary>
public sealed record Bic
{
    private Bic(string value) => Value = value;

    /// <summary>The 8 or 11 characters, upper case.</summary>
    public string Value { get; }

    public string CountryCode => Value[4..6];

    public static Bic Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out Bic? result,
        [NotNullWhen(false)] out Error? error)
    {
        result = null;
        var text = (value ?? string.Empty).Trim().ToUpperInvariant();
        if (text.Length is not (8 or 11))
        {
            error = ErrorCodes.BicLength;
            return false;
        }

        // ISO 9362:2014 allows digits in the party prefix (the pattern BICFIDec2014Identifier in ISO 20022 schemas).
        if (!text.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetterUpper(text[4]) || !char.IsAsciiLetterUpper(text[5]))
        {
            error = ErrorCodes.BicFormat;
            return false;
        }

        result = new Bic(text);
        error = null;
        return true;
    }

    public override string ToString() => Value;
}
