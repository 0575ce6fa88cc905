using System.Globalization;

namespace AktivResept.Domain.Audit;

/// <summary>
/// The audit log's unit of partitioning, chaining, sealing and retention: a calendar month in UTC. UTC, not Oslo,
/// because a partition's bounds are instants and must never shift with daylight saving; the month a row belongs to
/// is read from its <c>At</c> alone. A month is named by its first day (<c>2026-11-01</c>) and written <c>2026-11</c>.
/// </summary>
public static class AuditMonth
{
    public static DateOnly Of(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    /// <summary>The first instant of the month (inclusive lower bound of its partition).</summary>
    public static DateTimeOffset Start(DateOnly month) => new(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant of the next month (exclusive upper bound of its partition).</summary>
    public static DateTimeOffset End(DateOnly month) => Start(month).AddMonths(1);

    public static string Label(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateOnly month) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);

    /// <summary>
    /// Whether a month may be closed at <paramref name="now"/>: it is over, and a grace longer than any transaction has
    /// passed, so no row stamped in it can still be waiting to commit.
    /// </summary>
    public static bool IsClosable(DateOnly month, DateTimeOffset now, TimeSpan grace) => End(month) + grace <= now;

    /// <summary>
    /// Whether a month is past retention at <paramref name="now"/>: the whole month ended more than
    /// <paramref name="keepMonths"/> months before the current month began, so no part of a kept month is dropped.
    /// </summary>
    public static bool IsPastRetention(DateOnly month, DateTimeOffset now, int keepMonths) =>
        month.AddMonths(keepMonths) < Of(now);
}
