using System.Diagnostics.CodeAnalysis;
using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Identifiers;

/// <summary>A Norwegian municipality number (kommunenummer): four digits, the first two the county.</summary>
public sealed record Kommunenummer
{
    private Kommunenummer(string value) => Value = value;

    public string Value { get; }

    public static Kommunenummer Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out Kommunenummer? result,
        [NotNullWhen(false)] out Error? error)
    {
        result = null;
        var text = value?.Trim() ?? string.Empty;
        if (text.Length != 4 || !Mod11.AllDigits(text) || text.StartsWith("00", StringComparison.Ordinal))
        {
            error = ErrorCodes.KommunenummerFormat;
            return false;
        }

        result = new Kommunenummer(text);
        error = null;
        return true;
    }

    public override string ToString() => Value;
}
