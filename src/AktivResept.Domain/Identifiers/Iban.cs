using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Identifiers;

/// <summary>
/// An International Bank Account Number (ISO 13616) in electronic form: a country code, two ISO 7064 mod 97-10 check
/// digits and the national account number (BBAN). A Norwegian IBAN is 15 characters and its BBAN must itself be a valid
/// <see cref="AccountNumber"/>.
/// </summary>
public sealed record Iban
{
    // Norway's 15 is the shortest length in the IBAN registry; 34 is the ISO 13616 maximum. Other countries get only
    // these bounds: their exact lengths and BBAN rules are for their banks to enforce.
    private const int MinLength = 15;
    private const int MaxLength = 34;
    private const int NorwegianLength = 15;

    private Iban(string value) => Value = value;

    /// <summary>The IBAN in electronic form: upper case, no spaces.</summary>
    public string Value { get; }

    public string CountryCode => Value[..2];

    public string CheckDigits => Value[2..4];

    public string Bban => Value[4..];

    /// <summary>The printed form, in groups of four: <c>NO93 8601 1117 947</c>.</summary>
    public string Formatted => string.Join(' ', Value.Chunk(4).Select(group => new string(group)));

    public static Iban Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out Iban? result,
        [NotNullWhen(false)] out Error? error)
    {
        result = null;
        var text = (value ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (text.Length < 4 || !char.IsAsciiLetterUpper(text[0]) || !char.IsAsciiLetterUpper(text[1])
            || !char.IsAsciiDigit(text[2]) || !char.IsAsciiDigit(text[3]) || !text.All(char.IsAsciiLetterOrDigit))
        {
            error = ErrorCodes.IbanFormat;
            return false;
        }

        if (text.StartsWith("NO", StringComparison.Ordinal) ? text.Length != NorwegianLength : text.Length is < MinLength or > MaxLength)
        {
            error = text.StartsWith("NO", StringComparison.Ordinal)
                ? ErrorCodes.IbanLength.With(("min", NorwegianLength), ("max", NorwegianLength))
                : ErrorCodes.IbanLength.With(("min", MinLength), ("max", MaxLength));
            return false;
        }

        // 00, 01 and 99 are never computed (98 − r gives 02–98); 99 would otherwise pass as an alias of 02.
        if (text[2..4] is "00" or "01" or "99" || Mod97(Rearranged(text)) != 1)
        {
            error = ErrorCodes.IbanCheckDigits;
            return false;
        }

        if (text.StartsWith("NO", StringComparison.Ordinal) && !AccountNumber.TryParse(text[4..], out _, out _))
        {
            error = ErrorCodes.IbanAccountControlDigit;
            return false;
        }

        result = new Iban(text);
        error = null;
        return true;
    }

    /// <summary>The Norwegian account number inside a Norwegian IBAN, or null for other countries.</summary>
    public AccountNumber? ToAccountNumber() => CountryCode == "NO" ? AccountNumber.Parse(Bban) : null;

    public override string ToString() => Value;

    internal static Iban ForNorwegianAccount(AccountNumber account)
    {
        var check = 98 - Mod97(Rearranged($"NO00{account.Value}"));
        return new Iban($"NO{check.ToString("00", CultureInfo.InvariantCulture)}{account.Value}");
    }

    /// <summary>The country code and check digits moved to the end, as ISO 13616 computes over.</summary>
    private static string Rearranged(string iban) => string.Concat(iban.AsSpan(4), iban.AsSpan(0, 4));

    /// <summary>ISO 7064 mod 97-10 over the text with letters read as 10–35, one character at a time.</summary>
    private static int Mod97(string text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            remainder = char.IsAsciiDigit(c)
                ? ((remainder * 10) + (c - '0')) % 97
                : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return remainder;
    }
}
