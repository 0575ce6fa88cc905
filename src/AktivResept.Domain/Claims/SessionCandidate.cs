using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Claims;

/// <summary>
/// An attendance record that may become a claim line: who delivered it, where, when, and the certifications the
/// delivering trainer held (the registering trainer, or the prescription's assigned trainer for gym events).
/// </summary>
public sealed record SessionCandidate(
    Guid SessionId,
    Guid ProviderId,
    DateTimeOffset OccurredAt,
    AttendanceKind Kind,
    IReadOnlyList<Certification> TrainerCertifications)
{
    public DateOnly Date => OsloCalendar.DateOf(OccurredAt);

    /// <summary>The billable service an attendance kind stands for; door check-ins and no-shows bill nothing.</summary>
    public ServiceType? Service => Kind switch
    {
        AttendanceKind.PtSession => ServiceType.PtSession,
        AttendanceKind.ClassAttendance => ServiceType.GroupSession,
        _ => null,
    };
}
