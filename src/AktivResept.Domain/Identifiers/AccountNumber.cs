using System.Diagnostics.CodeAnalysis;
using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Identifiers;

/// <summary>
/// A Norwegian kontonummer (bank account number): eleven digits, a four-digit bank code, a two-digit account group, a
/// four-digit account number and a mod-11 control digit. Written <c>1234 56 78903</c> or <c>1234.56.78903</c>.
/// </summary>
public sealed record AccountNumber
{
    private static readonly int[] Weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    private AccountNumber(string value) => Value = value;

    /// <summary>The eleven digits, without separators.</summary>
    public string Value { get; }

    /// <summary>The usual printed form, <c>1234 56 78903</c>.</summary>
    public string Formatted => $"{Value[..4]} {Value[4..6]} {Value[6..]}";

    public static AccountNumber Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out AccountNumber? result,
        [NotNullWhen(false)] out Error? error)
    {
        result = null;
        var text = (value ?? string.Empty)
            .Replace(" ", string.Empty, StringComparison.Ordinal)
            .Replace(".", string.Empty, StringComparison.Ordinal);
        if (text.Length != 11 || !Mod11.AllDigits(text))
        {
            error = ErrorCodes.AccountNumberDigits;
            return false;
        }

        if (Mod11.ControlDigit(text, Weights) != text[10] - '0')
        {
            error = ErrorCodes.AccountNumberControlDigit;
            return false;
        }

        result = new AccountNumber(text);
        error = null;
        return true;
    }

    /// <summary>The Norwegian IBAN for this account: <c>NO</c>, two mod-97 check digits and the eleven digits.</summary>
    public Iban ToIban() => Iban.ForNorwegianAccount(this);

    public override string ToString() => Value;
}
