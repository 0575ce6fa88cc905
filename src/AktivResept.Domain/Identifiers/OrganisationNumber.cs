using System.Diagnostics.CodeAnalysis;
using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Identifiers;

/// <summary>A Norwegian organisasjonsnummer: nine digits, the last a mod-11 control digit.</summary>
public sealed record OrganisationNumber
{
    private static readonly int[] Weights = [3, 2, 7, 6, 5, 4, 3, 2];

    private OrganisationNumber(string value) => Value = value;

    public string Value { get; }

    public static OrganisationNumber Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out OrganisationNumber? result,
        [NotNullWhen(false)] out Error? error)
    {
        result = null;
        var text = (value ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (text.Length != 9 || !Mod11.AllDigits(text))
        {
            error = ErrorCodes.OrganisationNumberDigits;
            return false;
        }

        if (Mod11.ControlDigit(text, Weights) != text[8] - '0')
        {
            error = ErrorCodes.OrganisationNumberControlDigit;
            return false;
        }

        result = new OrganisationNumber(text);
        error = null;
        return true;
    }

    public override string ToString() => Value;
}
