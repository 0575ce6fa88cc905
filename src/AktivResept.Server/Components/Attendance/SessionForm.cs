using System.Globalization;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Components.Shared;
using AktivResept.Server.Features.Attendance.Registration;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Attendance;

/// <summary>
/// The trainer's "register a session" form as typed. Field names are the handler's ValidationErrors keys, so its
/// messages land next to the right input; the time is typed as Norwegian wall-clock time.
/// </summary>
public sealed class SessionForm
{
    public const string Type = "type";
    public const string OccurredAt = "occurredAt";
    public const string Attended = "attended";
    public const string DurationMinutes = "durationMinutes";

    public static readonly string[] Types = ["pt-session", "class-attendance"];

    /// <summary>Fields in the order they appear, which is also the error summary's order.</summary>
    public static readonly string[] Order = [Type, OccurredAt, Attended, DurationMinutes];

    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    public string? this[string field] => Values.GetValueOrDefault(field);

    public static SessionForm Defaults(DateTimeOffset now, int minutesPerSession)
    {
        var form = new SessionForm();
        form.Values[Type] = Types[0];
        form.Values[OccurredAt] = TimeZoneInfo.ConvertTime(now, Oslo.Zone).ToString(LocalFormat, CultureInfo.InvariantCulture);
        form.Values[Attended] = "true";
        form.Values[DurationMinutes] = minutesPerSession.ToString(CultureInfo.InvariantCulture);
        return form;
    }

    /// <summary>A registered session as the form shows it, for correcting it.</summary>
    public static SessionForm Of(SessionView session)
    {
        var form = new SessionForm();
        form.Values[Type] = session.Type == "no-show" ? Types[0] : session.Type;
        form.Values[OccurredAt] = TimeZoneInfo.ConvertTime(session.OccurredAt, Oslo.Zone).ToString(LocalFormat, CultureInfo.InvariantCulture);
        form.Values[Attended] = session.Attended ? "true" : "false";
        form.Values[DurationMinutes] = session.DurationMinutes?.ToString(CultureInfo.InvariantCulture);
        return form;
    }

    /// <summary>Reads the posted form; what cannot be read (not a time, not a number) is reported here, by field.</summary>
    public static (SessionForm Form, RegisterSessionRequest Request) Read(FormValues posted, FormErrors errors, IStringLocalizer<UiText> t)
    {
        var form = new SessionForm();
        foreach (var field in Order)
        {
            form.Values[field] = posted.Text(field);
        }

        DateTimeOffset? occurredAt = null;
        if (form[OccurredAt] is { } text)
        {
            occurredAt = ParseOslo(text);
            if (occurredAt is null)
            {
                errors.Add(OccurredAt, t["Val.DateTime"]);
            }
        }

        var minutes = posted.Int(DurationMinutes, out var badMinutes);
        if (badMinutes)
        {
            errors.Add(DurationMinutes, t["Val.WholeNumber"]);
        }

        bool? attended = form[Attended] switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
        if (attended is null)
        {
            errors.Add(Attended, t["Val.ChooseAttended"]);
        }

        return (form, new RegisterSessionRequest(null, form[Type], occurredAt, attended, minutes, null));
    }

    /// <summary>A datetime-local value ("2026-11-20T18:00") as Oslo time; null when unreadable or in the spring-forward gap.</summary>
    public static DateTimeOffset? ParseOslo(string text)
    {
        if (!DateTime.TryParseExact(text, [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ||
            Oslo.Zone.IsInvalidTime(local))
        {
            return null;
        }

        return new DateTimeOffset(local, Oslo.Zone.GetUtcOffset(local));
    }
}
