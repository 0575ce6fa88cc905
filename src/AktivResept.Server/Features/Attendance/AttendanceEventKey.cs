namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// The one place an event id is unique: (source, event id) → the attendance row that holds it. A unique key on a
/// partitioned table must contain the partition key, and (source, event id, <c>OccurredAt</c>) would let a retry whose
/// time falls in another month be stored twice; so the key lives in this plain table, written in the same transaction
/// as its row and removed with it (docs/security.md "Event-id uniqueness under partitioning").
/// </summary>
public sealed class AttendanceEventKey
{
    public Guid SourceId { get; set; }

    public string ExternalId { get; set; } = string.Empty;

    public Guid AttendanceRecordId { get; set; }
}
