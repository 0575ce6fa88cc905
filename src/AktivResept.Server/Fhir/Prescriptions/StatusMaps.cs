using AktivResept.Domain.Prescriptions;
using Hl7.Fhir.Model;
using FhirTaskStatus = Hl7.Fhir.Model.Task.TaskStatus;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>
/// How the lifecycle shows in FHIR. ServiceRequest carries the request's status (every ending before full completion
/// is <c>revoked</c>); the Task carries the fulfilment, following the Physical Activity IG's referral pattern. The
/// precise state is always there too: the prescription-status extension on ServiceRequest, businessStatus on Task.
/// </summary>
public static class StatusMaps
{
    public static RequestStatus RequestStatusOf(PrescriptionStatus status) => status switch
    {
        PrescriptionStatus.Draft => RequestStatus.Draft,
        PrescriptionStatus.Issued or PrescriptionStatus.Accepted or PrescriptionStatus.Active => RequestStatus.Active,
        PrescriptionStatus.Completed => RequestStatus.Completed,
        _ => RequestStatus.Revoked,
    };

    public static FhirTaskStatus TaskStatusOf(PrescriptionStatus status) => status switch
    {
        PrescriptionStatus.Draft => FhirTaskStatus.Draft,
        PrescriptionStatus.Issued => FhirTaskStatus.Requested,
        PrescriptionStatus.Accepted => FhirTaskStatus.Accepted,
        PrescriptionStatus.Active => FhirTaskStatus.InProgress,
        PrescriptionStatus.Completed => FhirTaskStatus.Completed,
        PrescriptionStatus.Rejected => FhirTaskStatus.Rejected,
        PrescriptionStatus.Cancelled or PrescriptionStatus.Expired => FhirTaskStatus.Cancelled,
        _ => FhirTaskStatus.Failed,
    };

    /// <summary>The lifecycle states a ServiceRequest status search matches, or null for a code we do not know.</summary>
    public static PrescriptionStatus[]? ForRequestStatus(string code) =>
        Matching(code, s => RequestStatusOf(s));

    public static PrescriptionStatus[]? ForTaskStatus(string code) =>
        Matching(code, s => TaskStatusOf(s));

    private static PrescriptionStatus[]? Matching<TEnum>(string code, Func<PrescriptionStatus, TEnum> map)
        where TEnum : struct, Enum
    {
        var target = Codes.FromFhirCode<TEnum>(code);
        return target is null
            ? null
            : Enum.GetValues<PrescriptionStatus>().Where(s => EqualityComparer<TEnum>.Default.Equals(map(s), target.Value)).ToArray();
    }
}
