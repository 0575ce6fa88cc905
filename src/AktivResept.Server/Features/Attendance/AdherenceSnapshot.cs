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

    /// <summary>
    /// Raised by every dirty mark. A recomputation clears <see cref="Dirty"/> only if this is still what it read, so a
    /// delivery that commits while the job is computing keeps its mark instead of waiting for the hourly full pass.
    /// </summary>
    public int DirtyVersion { get; set; }

    /// <summary>When the values last changed: a pass that finds nothing new does not rewrite the row.</summary>
    public DateTimeOffset ComputedAt { get; set; }

    /// <summary>When the current silence was alerted; cleared by the next attendance so a new silence alerts again.</summary>
    public DateTimeOffset? RiskAlertedAt { get; set; }

    /// <summary>The last day covered by a periodic report to the referrer.</summary>
    public DateOnly? LastReportThrough { get; set; }

    public AdherenceSnapshot Copy() => (AdherenceSnapshot)MemberwiseClone();

    /// <summary>True when <paramref name="other"/> holds the same adherence and the same record of what was said.</summary>
    public bool SaysTheSameAs(AdherenceSnapshot other) =>
        AttendedSessions == other.AttendedSessions && PrescribedToDate == other.PrescribedToDate &&
        AttendedMinutes == other.AttendedMinutes && FirstAttendedAt == other.FirstAttendedAt &&
        LastAttendedAt == other.LastAttendedAt && Verdict == other.Verdict &&
        RiskAlertedAt == other.RiskAlertedAt && LastReportThrough == other.LastReportThrough;
}
