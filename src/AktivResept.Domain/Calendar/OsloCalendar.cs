using System.Globalization;

namespace AktivResept.Domain.Calendar;

/// <summary>Calendar rules run in Norwegian time (Europe/Oslo); instants are UTC. Weeks are ISO weeks.</summary>
public static class OsloCalendar
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The UTC instant at which the Oslo calendar day begins.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// Whether a year read from input is one the system deals in. Dates at the ends of the calendar (year 1, year 9999)
    /// cannot be shifted to Oslo time or have weeks added: every date reader refuses them as malformed.
    /// </summary>
    public static bool IsPlausibleYear(int year) => year is >= 1900 and <= 2200;

    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static (int Year, int Week) IsoWeekOf(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return (ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date));
    }
}
