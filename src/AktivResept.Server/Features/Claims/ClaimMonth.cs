using System.Globalization;
using AktivResept.Domain.Errors;

namespace AktivResept.Server.Features.Claims;

/// <summary>A claimed calendar month on the wire: <c>yyyy-MM</c>, stored as its first day.</summary>
public static class ClaimMonth
{
    /// <summary>
    /// The months a claim can be for. Nothing was claimed before the scheme, and a month near year 1 or 9999 would
    /// overflow the date arithmetic around it (the instant its first Oslo day starts, the weeks it touches).
    /// </summary>
    public static readonly DateOnly First = new(2000, 1, 1);

    public static readonly DateOnly Last = new(2099, 12, 1);

    public static bool TryParse(string? text, out DateOnly month) => Check(text, out month) is null;

    /// <summary>Null when <paramref name="text"/> is a month in range; otherwise why not, for the field that held it.</summary>
    public static Error? Check(string? text, out DateOnly month)
    {
        month = default;
        if (!DateOnly.TryParseExact(text?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            return ErrorCodes.MonthFormat;
        }

        if (first < First || first > Last)
        {
            return ErrorCodes.Between.With(("min", Format(First)), ("max", Format(Last)));
        }

        month = first;
        return null;
    }

    public static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
