using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Identifiers;

/// <summary>
/// A Norwegian national identity number (fødselsnummer or D-number): DDMMYY + individual number + two mod-11
/// control digits. Synthetic test numbers (month + 80) exist only when the caller allows them, so a value of this
/// type is always a well-formed id and nothing downstream re-checks it.
/// </summary>
public sealed record Fodselsnummer
{
    private static readonly int[] FirstWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] SecondWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    private Fodselsnummer(string value, NationalIdKind kind, bool isSynthetic, DateOnly birthDate)
    {
        Value = value;
        Kind = kind;
        IsSynthetic = isSynthetic;
        BirthDate = birthDate;
    }

    public string Value { get; }

    public NationalIdKind Kind { get; }

    /// <summary>True for test numbers (month + 80) that can never belong to a real person.</summary>
    public bool IsSynthetic { get; }

    public DateOnly BirthDate { get; }

    /// <summary>The official OID naming system for this kind of id, as used in FHIR identifiers.</summary>
    public string FhirSystem => Kind == NationalIdKind.DNumber ? NationalIdSystems.DNumber : NationalIdSystems.Fodselsnummer;

    public static Fodselsnummer Parse(string value, bool allowSynthetic) =>
        TryParse(value, allowSynthetic, out var result, out var error)
            ? result
            : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        bool allowSynthetic,
        [NotNullWhen(true)] out Fodselsnummer? result,
        [NotNullWhen(false)] out Error? error)
    {
        result = null;
        var text = value?.Trim() ?? string.Empty;
        if (text.Length != 11 || !Mod11.AllDigits(text))
        {
            error = ErrorCodes.NationalIdDigits;
            return false;
        }

        if (Mod11.ControlDigit(text, FirstWeights) != text[9] - '0' ||
            Mod11.ControlDigit(text, SecondWeights) != text[10] - '0')
        {
            error = ErrorCodes.NationalIdControlDigits;
            return false;
        }

        var day = int.Parse(text[..2], CultureInfo.InvariantCulture);
        var month = int.Parse(text[2..4], CultureInfo.InvariantCulture);
        var year = int.Parse(text[4..6], CultureInfo.InvariantCulture);
        var individual = int.Parse(text[6..9], CultureInfo.InvariantCulture);

        var kind = NationalIdKind.Fodselsnummer;
        if (day > 40)
        {
            kind = NationalIdKind.DNumber;
            day -= 40;
        }

        var synthetic = false;
        if (month > 80)
        {
            synthetic = true;
            month -= 80;
        }

        if (synthetic && !allowSynthetic)
        {
            error = ErrorCodes.NationalIdSynthetic;
            return false;
        }

        var fullYear = Century(individual, year) + year;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(fullYear, month))
        {
            error = ErrorCodes.NationalIdBirthDate;
            return false;
        }

        result = new Fodselsnummer(text, kind, synthetic, new DateOnly(fullYear, month, day));
        error = null;
        return true;
    }

    /// <summary>
    /// Builds a valid id from birth date and individual number, or null if no control digits fit or the individual
    /// number places the two-digit year in another century (e.g. 500–749 with year 90 means 1890, not 1990).
    /// </summary>
    public static Fodselsnummer? Create(DateOnly birthDate, int individualNumber, bool synthetic, bool dNumber = false)
    {
        var day = birthDate.Day + (dNumber ? 40 : 0);
        var month = birthDate.Month + (synthetic ? 80 : 0);
        var stem = $"{day:00}{month:00}{birthDate.Year % 100:00}{individualNumber:000}";
        var first = Mod11.ControlDigit(stem, FirstWeights);
        if (first < 0)
        {
            return null;
        }

        var second = Mod11.ControlDigit(stem + first, SecondWeights);
        if (second < 0)
        {
            return null;
        }

        return TryParse($"{stem}{first}{second}", synthetic, out var result, out _) && result.BirthDate == birthDate
            ? result
            : null;
    }

    /// <summary>The last four characters only, for display where the full number must not be shown.</summary>
    public string Masked => $"*******{Value[7..]}";

    public override string ToString() => Masked;

    private static int Century(int individual, int year) => individual switch
    {
        <= 499 => 1900,
        <= 749 when year >= 54 => 1800,
        <= 999 when year <= 39 => 2000,
        >= 900 when year >= 40 => 1900,
        _ => 1900,
    };
}
