using System.Globalization;
using System.Numerics;

namespace AktivResept.Domain.Tests.Identifiers;

/// <summary>
/// ISO 13616 / ISO 7064 mod 97-10 written out again with big integers, the way the standard states it (move the first
/// four characters to the end, letters become 10–35, the whole number mod 97 must be 1), independently of the
/// production code's digit-by-digit reduction.
/// </summary>
internal static class ReferenceIban
{
    public static bool Holds(string iban) => Mod97(iban[4..] + iban[..4]) == 1;

    public static string CheckDigits(string countryCode, string bban) =>
        (98 - Mod97(bban + countryCode + "00")).ToString("00", CultureInfo.InvariantCulture);

    public static string Build(string countryCode, string bban) => countryCode + CheckDigits(countryCode, bban) + bban;

    private static int Mod97(string text)
    {
        var digits = string.Concat(text.Select(c => char.IsAsciiDigit(c)
            ? c.ToString()
            : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        return (int)(BigInteger.Parse(digits, CultureInfo.InvariantCulture) % 97);
    }
}
