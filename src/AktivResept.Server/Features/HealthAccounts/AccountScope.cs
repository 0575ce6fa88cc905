using System.Globalization;
using AktivResept.Domain.Calendar;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>What a health account is computed for (issue 16). The route names it as <c>{kind}/{key}</c>.</summary>
public enum AccountScopeKind
{
    /// <summary>The residents of one municipality, by kommunenummer.</summary>
    Municipality,

    /// <summary>The prescriptions one contract covers (the KPI engine's population), by contract id.</summary>
    Contract,

    /// <summary>The participants enrolled in one pilot, with their arm, by pilot id.</summary>
    Pilot,

    /// <summary>The whole exercise-on-prescription programme nationally; its one key is <see cref="AccountScope.NationalKey"/>.</summary>
    Programme,
}

/// <summary>
/// A scope and a period: the prescriptions referred (issued) on an Oslo day from <see cref="From"/> to <see cref="To"/>
/// (inclusive) in the scope, and what became of them up to now. The report breaks the period into its quarters. No
/// period: the last 12 months up to today; only <see cref="To"/>: the 12 months up to it.
/// </summary>
public sealed record AccountScope(AccountScopeKind Kind, string Key, DateOnly? From = null, DateOnly? To = null)
{
    public const string NationalKey = "national";

    /// <summary>The longest period one account covers: ten years.</summary>
    public const int MaxYears = 10;

    /// <summary>The route segment of a kind: municipality, contract, pilot, programme.</summary>
    public static string Segment(AccountScopeKind kind) => kind.ToString().ToLowerInvariant();

    public string Segment() => Segment(Kind);

    /// <summary>The longest key any scope has (a contract or pilot id); a longer one names nothing.</summary>
    public const int MaxKeyLength = 36;

    /// <summary>The audit resource: the scope, never a person.</summary>
    public string Resource => $"HealthAccount/{Segment()}/{AuditSegment(Key)}";

    /// <summary>
    /// A route segment as the audit records it: a hostile request's long segment is cut, so the denial is still
    /// recorded (the audit resource column is bounded) instead of failing the request.
    /// </summary>
    public static string AuditSegment(string segment) =>
        segment.Length <= MaxKeyLength ? segment : string.Concat(segment.AsSpan(0, MaxKeyLength), "…");

    public static bool TryKind(string? segment, out AccountScopeKind kind)
    {
        foreach (var k in Enum.GetValues<AccountScopeKind>())
        {
            if (string.Equals(segment, Segment(k), StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The default period: the last 12 months up to and including today (Oslo).</summary>
    public static (DateOnly From, DateOnly To) DefaultPeriod(DateTimeOffset now)
    {
        var today = OsloCalendar.DateOf(now);
        return (today.AddMonths(-12).AddDays(1), today);
    }

    /// <summary>Parses an ISO day (yyyy-MM-dd) query value; empty means "use the default".</summary>
    public static bool TryDay(string? value, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        return false;
    }
}
