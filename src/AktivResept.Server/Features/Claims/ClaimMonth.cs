using System.Globalization;

namespace AktivResept.Server.Features.Claims;

/// <summary>A claimed calendar month on the wire: <c>yyyy-MM</c>, stored as its first day.</summary>
public static class ClaimMonth
{
    public static bool TryParse(string? text, out DateOnly month)
    {
        month = default;
        if (!DateOnly.TryParseExact(text?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            return false;
        }

        month = first;
        return true;
    }

    public static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
