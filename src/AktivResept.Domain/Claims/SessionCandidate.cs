using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Claims;

/// <summary>
/// An attendance record that may become a claim line: who delivered it, where, when, and the certifications the
/// delivering trainer held (the registering trainer, or the prescription's assigned trainer for gym events), and the
/// service a trainer registered it as, if any.
/// </summary>
public sealed record SessionCandidate(
    Guid SessionId,
    Guid ProviderId,
    DateTimeOffset OccurredAt,
    AttendanceKind Kind,
    IReadOnlyList<Certification> TrainerCertifications,
    ServiceType? BilledAs = null)
{
    public DateOnly Date => OsloCalendar.DateOf(OccurredAt);

    /// <summary>
    /// The billable service an attendance kind stands for; door check-ins and no-shows bill nothing. A one-to-one
    /// session registered by a trainer may name what it was (diet guidance, an initial assessment) in <see cref="BilledAs"/>.
    /// </summary>
    public ServiceType? Service => !CountableSession.IsBillable(Kind) ? null : Kind switch
    {
        AttendanceKind.PtSession => BilledAs is ServiceType.DietGuidance or ServiceType.InitialAssessment ? BilledAs : ServiceType.PtSession,
        _ => ServiceType.GroupSession,
    };
}
