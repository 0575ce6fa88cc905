using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AktivResept.Domain.Calendar;

namespace AktivResept.Domain.Kpis;

/// <summary>
/// A calendar month, quarter or year of Oslo days, both ends inclusive. Build it with <see cref="Containing"/> or
/// <see cref="TryParse"/>, which only make whole calendar periods. Wire label: "2026-03", "2026-Q1", "2026".
/// </summary>
public sealed record KpiPeriod(KpiPeriodKind Kind, DateOnly From, DateOnly To)
{
    public string Label => Kind switch
    {
        KpiPeriodKind.Month => From.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        KpiPeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{From.Year}-Q{((From.Month - 1) / 3) + 1}"),
        _ => From.Year.ToString(CultureInfo.InvariantCulture),
    };

    public int Days => To.DayNumber - From.DayNumber + 1;

    public static KpiPeriod Containing(DateOnly day, KpiPeriodKind kind)
    {
        var from = kind switch
        {
            KpiPeriodKind.Month => new DateOnly(day.Year, day.Month, 1),
            KpiPeriodKind.Quarter => new DateOnly(day.Year, (((day.Month - 1) / 3) * 3) + 1, 1),
            KpiPeriodKind.Year => new DateOnly(day.Year, 1, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var to = kind switch
        {
            KpiPeriodKind.Month => from.AddMonths(1).AddDays(-1),
            KpiPeriodKind.Quarter => from.AddMonths(3).AddDays(-1),
            _ => from.AddYears(1).AddDays(-1),
        };
        return new KpiPeriod(kind, from, to);
    }

    public KpiPeriod Next() => Containing(To.AddDays(1), Kind);

    /// <summary>Every period of <paramref name="kind"/> that shares at least one day with <paramref name="from"/>..<paramref name="to"/>, in order.</summary>
    public static IEnumerable<KpiPeriod> Covering(DateOnly from, DateOnly to, KpiPeriodKind kind)
    {
        if (to < from)
        {
            yield break;
        }

        for (var period = Containing(from, kind); period.From <= to; period = period.Next())
        {
            yield return period;
        }
    }

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>Whether the period's last Oslo day has ended at <paramref name="now"/>.</summary>
    public bool HasEnded(DateTimeOffset now) => now >= OsloCalendar.StartOf(To.AddDays(1));

    /// <summary>
    /// Final once the Oslo day <see cref="To"/> + <paramref name="lateEventDays"/> has ended: events may arrive late
    /// until then, so the figure is provisional. Later data still produces a new revision, never a silent change.
    /// </summary>
    public bool IsFinal(DateTimeOffset now, int lateEventDays) => now >= OsloCalendar.StartOf(To.AddDays(lateEventDays + 1));

    /// <summary>Reads a wire label ("2026-03", "2026-Q1", "2026") back into its period.</summary>
    public static bool TryParse(string? label, [NotNullWhen(true)] out KpiPeriod? period)
    {
        period = null;
        if (label is null)
        {
            return false;
        }

        if (label.Length == 4 && int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 1)
        {
            period = Containing(new DateOnly(year, 1, 1), KpiPeriodKind.Year);
        }
        else if (label.Length == 7 && label[4] == '-' && label[5] == 'Q'
            && int.TryParse(label.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year) && year >= 1
            && label[6] is >= '1' and <= '4')
        {
            period = Containing(new DateOnly(year, ((label[6] - '1') * 3) + 1, 1), KpiPeriodKind.Quarter);
        }
        else if (label.Length == 7 && DateOnly.TryParseExact(label, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            period = Containing(month, KpiPeriodKind.Month);
        }

        return period is not null;
    }

    public override string ToString() => Label;
}
