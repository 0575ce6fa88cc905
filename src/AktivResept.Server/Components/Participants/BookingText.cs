using System.Globalization;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Components.Localization;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Participants;

/// <summary>
/// What the participant's booking pages say: a refusal from its stable code, in words addressed to «du» where the
/// catalogue text is written for staff (<c>MyBookings.Err.{code}</c>), else the catalogue text itself; never matched
/// on English text. Times are Oslo wall-clock times.
/// </summary>
public static class BookingText
{
    public const string Home = "/mine-timer";
    public const string Timetable = "/mine-timer/timeplan";

    /// <summary>Where the public timetable sends someone who wants a session: sign in, then land on that session.</summary>
    public static string SignInToBook(Guid sessionId) =>
        $"/logg-inn?returnUrl={Uri.EscapeDataString($"{Timetable}?okt={sessionId}")}";

    public static string Refusal<T>(IStringLocalizer<UiText> t, Outcome<T> outcome)
    {
        if (outcome.Error is not { } error)
        {
            return t["MyBookings.Unreadable"];
        }

        var own = t["MyBookings.Err." + error.Code];
        var text = own.ResourceNotFound ? ErrorText.Localize(t, error) : Error.Render(own.Value, error.Args, value => Format(t, value));
        if (error.Args.TryGetValue("alternativeDate", out var date) && error.Args.TryGetValue("alternativeTime", out var time))
        {
            text += " " + t["MyBookings.Alternative", Format(t, date), time];
        }

        return text;
    }

    public static string Status(IStringLocalizer<UiText> t, BookingStatus status) => t[$"MyBookings.Status.{status}"];

    /// <summary>«tirsdag 24. november kl. 10:00» in Oslo time.</summary>
    public static string When(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Oslo.Zone).ToString("dddd d. MMMM 'kl.' HH:mm", CultureInfo.CurrentCulture);

    private static string Format(IStringLocalizer<UiText> t, object value) => value switch
    {
        DateOnly day => Labels.Date(day),
        BookingStatus status => Status(t, status).ToLower(CultureInfo.CurrentCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.CurrentCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
