using System.Diagnostics.CodeAnalysis;

namespace AktivResept.Domain.Identifiers;

/// <summary>A Norwegian organisasjonsnummer: nine digits, the last a mod-11 control digit.</summary>
public sealed record OrganisationNumber
{
    private static readonly int[] Weights = [3, 2, 7, 6, 5, 4, 3, 2];

    private OrganisationNumber(string value) => Value = value;

    public string Value { get; }

    public static OrganisationNumber Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out OrganisationNumber? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        var text = (value ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (text.Length != 9 || !Mod11.AllDigits(text))
        {
            error = "must be exactly 9 digits";
            return false;
        }

        if (Mod11.ControlDigit(text, Weights) != text[8] - '0')
        {
            error = "has an invalid control digit";
            return false;
        }

        result = new OrganisationNumber(text);
        error = null;
        return true;
    }

    public override string ToString() => Value;
}
