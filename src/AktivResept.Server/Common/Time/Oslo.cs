namespace AktivResept.Server.Common.Time;

/// <summary>Calendar rules run in Norwegian time; instants are stored in UTC.</summary>
public static class Oslo
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);
}
