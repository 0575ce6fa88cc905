using AktivResept.Domain.Adherence;

namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// The last computed adherence of a prescription, and what has been said about it (alerts, reports), so that a
/// recomputation only notifies about what changed. <see cref="Dirty"/> is set whenever a new event arrives.
/// </summary>
public sealed class AdherenceSnapshot
{
    public Guid PrescriptionId { get; set; }

    public int AttendedSessions { get; set; }

    public int PrescribedToDate { get; set; }

    public int? AttendedMinutes { get; set; }

    public DateTimeOffset? FirstAttendedAt { get; set; }

    public DateTimeOffset? LastAttendedAt { get; set; }

    public AdherenceVerdict Verdict { get; set; }

    public bool Dirty { get; set; }

    public DateTimeOffset ComputedAt { get; set; }

    /// <summary>When the current silence was alerted; cleared by the next attendance so a new silence alerts again.</summary>
    public DateTimeOffset? RiskAlertedAt { get; set; }

    /// <summary>The last day covered by a periodic report to the referrer.</summary>
    public DateOnly? LastReportThrough { get; set; }
}
