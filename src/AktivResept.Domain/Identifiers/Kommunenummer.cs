using System.Diagnostics.CodeAnalysis;

namespace AktivResept.Domain.Identifiers;

/// <summary>A Norwegian municipality number (kommunenummer): four digits, the first two the county.</summary>
public sealed record Kommunenummer
{
    private Kommunenummer(string value) => Value = value;

    public string Value { get; }

    public static Kommunenummer Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out Kommunenummer? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        var text = value?.Trim() ?? string.Empty;
        if (text.Length != 4 || !Mod11.AllDigits(text) || text.StartsWith("00", StringComparison.Ordinal))
        {
            error = "must be exactly 4 digits with a county part from 01";
            return false;
        }

        result = new Kommunenummer(text);
        error = null;
        return true;
    }

    public override string ToString() => Value;
}
