namespace AktivResept.Domain.Tests.Identifiers;

/// <summary>
/// The weighted modulus-11 rules written out again from the published specification, independently of the
/// production code, so the tests check the domain against the rule rather than against itself.
/// </summary>
internal static class ReferenceMod11
{
    public static readonly int[] FodselsnummerFirst = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    public static readonly int[] FodselsnummerSecond = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    public static readonly int[] Organisation = [3, 2, 7, 6, 5, 4, 3, 2];
    public static readonly int[] BankAccount = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    /// <summary>The control digit for the leading digits, or null when the remainder is 1 and no digit fits.</summary>
    public static int? Control(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        return (sum % 11) switch
        {
            0 => 0,
            1 => null,
            var remainder => 11 - remainder,
        };
    }

    public static bool FirstControlHolds(string fnr) => Control(fnr, FodselsnummerFirst) == fnr[9] - '0';

    public static bool SecondControlHolds(string fnr) => Control(fnr, FodselsnummerSecond) == fnr[10] - '0';

    /// <summary>Appends both control digits to a nine-digit stem, or null when either cannot be formed.</summary>
    public static string? CompleteFodselsnummer(string stem)
    {
        if (Control(stem, FodselsnummerFirst) is not { } first)
        {
            return null;
        }

        return Control(stem + first, FodselsnummerSecond) is { } second ? $"{stem}{first}{second}" : null;
    }

    /// <summary>
    /// The century the individual number places a two-digit year in (Skatteetaten's rules), or null for the
    /// combinations that are never assigned (500–749 with 40–53, 750–899 with 40–99).
    /// </summary>
    public static int? OfficialCentury(int individual, int twoDigitYear) => individual switch
    {
        <= 499 => 1900,
        <= 749 when twoDigitYear >= 54 => 1800,
        >= 500 when twoDigitYear <= 39 => 2000,
        >= 900 when twoDigitYear >= 40 => 1900,
        _ => null,
    };
}
