using AktivResept.Domain.Adherence;

namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// A trainer's correction of a session they registered, before it is on a claim: what it was, what it became (or that
/// it was withdrawn), why, who and when. A withdrawn session is kept with <see cref="ReconciliationState.Withdrawn"/>,
/// so nothing counts it, and this row says why.
/// </summary>
public sealed class SessionCorrection
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AttendanceRecordId { get; set; }

    public Guid PrescriptionId { get; set; }

    public bool Withdrawn { get; set; }

    public AttendanceKind KindBefore { get; set; }

    public DateTimeOffset OccurredAtBefore { get; set; }

    public int? DurationBefore { get; set; }

    public AttendanceKind? KindAfter { get; set; }

    public DateTimeOffset? OccurredAtAfter { get; set; }

    public int? DurationAfter { get; set; }

    public string Reason { get; set; } = string.Empty;

    public string By { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }
}
