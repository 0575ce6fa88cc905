using AktivResept.Domain.Adherence;
using AktivResept.Domain.Errors;

namespace AktivResept.Server.Features.Attendance.Ingest;

/// <summary>One well-formed event from a gym system's batch.</summary>
public sealed record AttendanceEvent(int Index, string Id, AttendanceKind Kind, DateTimeOffset OccurredAt, Guid LocationId, string MemberRef, int? DurationMinutes);

/// <summary>
/// What happened to one event of a batch. <c>status</c>: stored, duplicate, queued, rejected. A rejected event's
/// <c>errors</c> have the shape of a validation problem's: field → [{ code, message, args }].
/// </summary>
public sealed record EventResult(string? Id, string Status, Guid? AttendanceId = null, string? Reason = null, IReadOnlyDictionary<string, Error[]>? Errors = null)
{
    public const string Stored = "stored";
    public const string Duplicate = "duplicate";
    public const string Queued = "queued";
    public const string Rejected = "rejected";

    public static EventResult Invalid(string? id, string field, Error error) =>
        new(id, Rejected, Reason: "invalid", Errors: new Dictionary<string, Error[]>(StringComparer.Ordinal) { [field] = [error] });
}

/// <summary>The response to a delivery: totals and one result per event, in the order sent.</summary>
public sealed record BatchResult(string WebhookId, int Received, int Stored, int Duplicates, int Queued, int Rejected, IReadOnlyList<EventResult> Results);
