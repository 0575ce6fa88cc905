using System.Diagnostics.CodeAnalysis;
using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Identifiers;

/// <summary>A number in Helsepersonellregisteret (the Norwegian health personnel register): up to nine digits.</summary>
public sealed record HprNumber
{
    private HprNumber(string value) => Value = value;

    public string Value { get; }

    public static HprNumber Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out HprNumber? result,
        [NotNullWhen(false)] out Error? error)
    {
        result = null;
        var text = value?.Trim() ?? string.Empty;
        if (text.Length is < 4 or > 9 || !Mod11.AllDigits(text) || text[0] == '0')
        {
            error = ErrorCodes.HprNumberFormat;
            return false;
        }

        result = new HprNumber(text);
        error = null;
        return true;
    }

    public override string ToString() => Value;
}
