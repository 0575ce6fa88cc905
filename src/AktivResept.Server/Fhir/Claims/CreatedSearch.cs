using System.Globalization;
using System.Linq.Expressions;
using AktivResept.Domain.Calendar;
using Claim = AktivResept.Server.Features.Claims.Claim;

namespace AktivResept.Server.Fhir.Claims;

/// <summary>
/// The <c>created</c> date search: <c>[eq|gt|lt|ge|le]</c> and a date at the precision given (<c>2026</c>, <c>2026-11</c>,
/// <c>2026-11-24</c>, Oslo days) or an instant with its offset. A value means the range it covers, as R4 says: eq is
/// inside it, ge/le include it, gt/lt exclude it. Comma means OR; a value we cannot read matches nothing.
/// </summary>
public static class CreatedSearch
{
    private static readonly string[] Prefixes = ["eq", "gt", "lt", "ge", "le"];
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The condition, or null when a value is not a date we understand.</summary>
    public static Expression<Func<Claim, bool>>? Parse(string value) => Parse<Claim>(value, c => c.CreatedAt);

    /// <summary>The same date search on any instant of a resource (a Slot's start, too).</summary>
    public static Expression<Func<T, bool>>? Parse<T>(string value, Expression<Func<T, DateTimeOffset>> instant)
    {
        var claim = instant.Parameters[0];
        var created = instant.Body;
        Expression? body = null;
        foreach (var alternative in FhirReferences.Alternatives(value))
        {
            var prefix = alternative.Length > 2 && char.IsLetter(alternative[0]) ? alternative[..2] : "eq";
            var text = alternative.Length > 2 && char.IsLetter(alternative[0]) ? alternative[2..] : alternative;
            if (!Prefixes.Contains(prefix) || Range(text) is not var (start, end))
            {
                return null;
            }

            var (from, to) = prefix switch
            {
                "gt" => (end, Latest),
                "lt" => (Earliest, start),
                "ge" => (start, Latest),
                "le" => (Earliest, end),
                _ => (start, end),
            };
            Expression term = Expression.AndAlso(
                Expression.GreaterThanOrEqual(created, Expression.Constant(from)),
                Expression.LessThan(created, Expression.Constant(to)));
            body = body is null ? term : Expression.OrElse(body, term);
        }

        return body is null ? null : Expression.Lambda<Func<T, bool>>(body, claim);
    }

    /// <summary>The half-open UTC range a date or instant covers.</summary>
    private static (DateTimeOffset Start, DateTimeOffset End)? Range(string text)
    {
        var culture = CultureInfo.InvariantCulture;
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, culture, out var year) && year >= Earliest.Year && year < Latest.Year)
        {
            var first = new DateOnly(year, 1, 1);
            return (OsloCalendar.StartOf(first), OsloCalendar.StartOf(first.AddYears(1)));
        }

        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", culture, DateTimeStyles.None, out var month) && text.Length == 7 && Searchable(month))
        {
            return (OsloCalendar.StartOf(month), OsloCalendar.StartOf(month.AddMonths(1)));
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", culture, DateTimeStyles.None, out var day) && Searchable(day))
        {
            return (OsloCalendar.StartOf(day), OsloCalendar.StartOf(day.AddDays(1)));
        }

        // An instant needs its offset (R4: a dateTime with a time has a zone); seconds are its precision.
        string[] formats = ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mmK"];
        if (text.Length > 10 && (text.EndsWith('Z') || text[^6] is '+' or '-') &&
            DateTimeOffset.TryParseExact(text, formats, culture, DateTimeStyles.None, out var instant) && instant >= Earliest && instant < Latest)
        {
            var utc = instant.ToUniversalTime();
            return (utc, utc.AddSeconds(1));
        }

        return null;
    }

    /// <summary>Days from 1900 to 2999 only: year 1 or 9999 would overflow turning the Oslo day into its UTC range.</summary>
    private static bool Searchable(DateOnly day) => day.Year >= Earliest.Year && day.Year < Latest.Year;
}
