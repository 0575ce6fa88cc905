namespace AktivResept.Server.Common.Audit;

/// <summary>
/// The category of personal data an audit row is about, as the data subject is told it (innsyn). Read from the
/// resource the row names, so every existing call records one without being changed.
/// </summary>
public static class AuditCategories
{
    public const string Identity = "identity";
    public const string Eligibility = "eligibility";
    public const string Prescription = "prescription";
    public const string Attendance = "attendance";
    public const string Outcomes = "outcomes";
    public const string Claims = "claims";
    public const string Programme = "programme";
    public const string Messages = "messages";
    public const string Pilot = "pilot";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Identity, Eligibility, Prescription, Attendance, Outcomes, Claims, Programme, Messages, Pilot, Other];

    public static string Of(string resource)
    {
        var type = resource.Split('/', '?')[0];
        return type switch
        {
            "Patient" or "Person" => Identity,
            "Eligibility" or "Benefit" => Eligibility,
            "Prescription" or "ServiceRequest" or "Task" when resource.Contains("/sessions", StringComparison.Ordinal) || resource.Contains("/adherence", StringComparison.Ordinal) => Attendance,
            "Prescription" or "ServiceRequest" or "Task" when resource.Contains("/member-refs", StringComparison.Ordinal) => Identity,
            "Prescription" or "ServiceRequest" or "Task" => Prescription,
            "Attendance" or "AttendanceReconciliation" or "Encounter" => Attendance,
            "Observation" or "QuestionnaireResponse" or "Outcome" or "OutcomeMeasurement" => Outcomes,
            "Claim" or "ClaimLine" or "PaymentBatch" => Claims,
            "Programme" or "ProgrammeBooking" or "ProgrammeReferral" or "ProgrammeRegistration" or "ProgrammeSession" => Programme,
            "Inbox" or "InboxMessage" or "Dialogmelding" => Messages,
            "Pilot" or "PilotEnrolment" => Pilot,
            _ => Other,
        };
    }
}
