using System.Globalization;
using System.Text.Json;
using AktivResept.Domain.Adherence;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Text;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Attendance.Ingest;

/// <summary>
/// Reads a batch leniently at the top and strictly per event: the events may be the body itself (an array), under
/// <c>events</c>, or under <c>data.events</c> (the Standard Webhooks envelope). An event that is malformed is
/// rejected on its own with the fields named; the rest of the batch still counts.
/// </summary>
public static class AttendanceBatchParser
{
    public const int MaxIdLength = 100;
    public const int MaxMemberRefLength = 100;
    public const int MaxDurationMinutes = 24 * 60;

    private static readonly Dictionary<string, AttendanceKind> Kinds = new(StringComparer.Ordinal)
    {
        ["check-in"] = AttendanceKind.CheckIn,
        ["class-attendance"] = AttendanceKind.ClassAttendance,
        ["pt-session"] = AttendanceKind.PtSession,
        ["no-show"] = AttendanceKind.NoShow,
    };

    public static string WireName(AttendanceKind kind) => Kinds.First(k => k.Value == kind).Key;

    public static bool TryParseKind(string? text, out AttendanceKind kind) => Kinds.TryGetValue(text ?? string.Empty, out kind);

    /// <summary>Null with <paramref name="error"/> when the body as a whole is not a batch.</summary>
    public static List<JsonElement>? Events(JsonDocument document, out Error? error)
    {
        error = null;
        var root = document.RootElement;
        var array = root.ValueKind switch
        {
            JsonValueKind.Array => root,
            JsonValueKind.Object when root.TryGetProperty("events", out var e) => e,
            JsonValueKind.Object when root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("events", out var de) => de,
            JsonValueKind.Object when root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Array => d,
            _ => default,
        };

        if (array.ValueKind != JsonValueKind.Array)
        {
            error = ApiErrorCodes.NotABatch;
            return null;
        }

        return [.. array.EnumerateArray()];
    }

    public static (AttendanceEvent? Event, EventResult? Rejection) Parse(int index, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, EventResult.Invalid(null, "$", ApiErrorCodes.EventNotAnObject));
        }

        var errors = new Dictionary<string, Error[]>(StringComparer.Ordinal);
        var id = Text(element, "id", errors);
        if (!errors.ContainsKey("id") && (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength))
        {
            errors["id"] = [ErrorCodes.RequiredMaxLength.With(("max", MaxIdLength))];
        }

        if (!TryParseKind(Text(element, "type", errors), out var kind) && !errors.ContainsKey("type"))
        {
            errors["type"] = [ErrorCodes.OneOf.With(("allowed", "check-in, class-attendance, pt-session, no-show"))];
        }

        var occurredText = Text(element, "occurredAt", errors);
        var occurredAt = default(DateTimeOffset);
        if (!errors.ContainsKey("occurredAt") && (!HasOffset(occurredText) ||
            !DateTimeOffset.TryParseExact(occurredText, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out occurredAt)))
        {
            errors["occurredAt"] = [ApiErrorCodes.EventInstant];
        }

        if (!Guid.TryParse(Text(element, "locationId", errors), out var locationId) && !errors.ContainsKey("locationId"))
        {
            errors["locationId"] = [ApiErrorCodes.EventLocation];
        }

        var memberRef = Text(element, "memberRef", errors);
        if (!errors.ContainsKey("memberRef") && (string.IsNullOrWhiteSpace(memberRef) || memberRef.Length > MaxMemberRefLength))
        {
            errors["memberRef"] = [ErrorCodes.RequiredMaxLength.With(("max", MaxMemberRefLength))];
        }
        else if (!errors.ContainsKey("memberRef") && MemberReference.Check(memberRef!.Trim()) is { } nationalId)
        {
            errors["memberRef"] = [nationalId];
        }

        int? duration = null;
        if (element.TryGetProperty("durationMinutes", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var minutes) && minutes is > 0 and <= MaxDurationMinutes)
            {
                duration = minutes;
            }
            else
            {
                errors["durationMinutes"] = [ErrorCodes.Between.With(("min", 1), ("max", MaxDurationMinutes))];
            }
        }

        return errors.Count > 0
            ? (null, new EventResult(id, EventResult.Rejected, Reason: "invalid", Errors: errors))
            : (new AttendanceEvent(index, id!, kind, occurredAt.ToUniversalTime(), locationId, memberRef!.Trim(), duration), null);
    }

    /// <summary>An instant without a UTC offset is ambiguous across the DST change, so it is refused.</summary>
    private static bool HasOffset(string? text) =>
        text is { Length: > 19 } && (text[^1] is 'Z' or 'z' || (text[^6] is '+' or '-' && text[^3] == ':'));

    /// <summary>
    /// A string property, or a number written as text (some systems send numeric ids). Text that
    /// <see cref="StoredText"/> refuses (a NUL, an unpaired surrogate) is reported against the field and read as absent,
    /// so it rejects this event only and never reaches the database or the answer.
    /// </summary>
    private static string? Text(JsonElement element, string name, Dictionary<string, Error[]> errors)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetRawText();
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            errors[name] = [ErrorCodes.TextNotUnicode];
            return null;
        }

        if (StoredText.Check(text) is { } refused)
        {
            errors[name] = [refused];
            return null;
        }

        return text;
    }
}
