using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.Prescriptions.Issue;
using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir.ServiceRequests;

/// <summary>
/// An incoming referral: who it is for, who issues it (null: the caller), what they prescribe (the participant still to
/// resolve; a null funding still to infer from eligibility), and the warnings saying what was inferred or deferred.
/// </summary>
public sealed record ReferralOrder(ResourceReference Subject, HprNumber? Requester, IssuePrescriptionRequest Request, List<Hl7.Fhir.Model.OperationOutcome.IssueComponent> Inferred);

/// <summary>
/// ServiceRequest → <see cref="IssuePrescriptionRequest"/>. Only the FHIR shape is checked here; the prescription
/// rules (ranges, required text, start date) stay in IssuePrescriptionValidator, whose field names
/// <see cref="ExpressionFor"/> turns back into ServiceRequest elements.
/// </summary>
public static class ServiceRequestInput
{
    internal static readonly string MinutesExpression = $"ServiceRequest.extension('{FhirSystems.MinutesPerSessionExtension}')";
    internal static readonly string ConfirmationExpression = $"ServiceRequest.extension('{FhirSystems.ConfirmationIntervalExtension}')";
    internal static readonly string FundingExpression = $"ServiceRequest.extension('{FhirSystems.FundingExtension}')";

    private static readonly Dictionary<string, string> Expressions = new(StringComparer.Ordinal)
    {
        ["reasonCode"] = "ServiceRequest.reasonCode[0].coding",
        ["reasonText"] = "ServiceRequest.reasonCode[0].text",
        ["goals"] = "ServiceRequest.patientInstruction",
        ["precautions"] = "ServiceRequest.note",
        ["activityTypes"] = "ServiceRequest.orderDetail",
        ["sessionsPerWeek"] = "ServiceRequest.quantityRatio.numerator",
        ["minutesPerSession"] = MinutesExpression,
        ["startDate"] = "ServiceRequest.occurrencePeriod.start",
        ["durationWeeks"] = "ServiceRequest.occurrencePeriod.end",
        ["confirmationIntervalWeeks"] = ConfirmationExpression,
        ["funding"] = FundingExpression,
        ["status"] = "ServiceRequest.status",
    };

    /// <summary>The ServiceRequest element behind a field name of the issue use case.</summary>
    public static string ExpressionFor(string? field) =>
        field is null ? "ServiceRequest"
        : field.StartsWith("participant", StringComparison.Ordinal) ? "ServiceRequest.subject"
        : Expressions.GetValueOrDefault(field, "ServiceRequest");

    /// <summary>The intents of the order family (R4 request-intent); the PA IG uses original-order.</summary>
    private static readonly RequestIntent[] OrderFamily =
        [RequestIntent.Order, RequestIntent.OriginalOrder, RequestIntent.ReflexOrder, RequestIntent.FillerOrder, RequestIntent.InstanceOrder];

    /// <summary>
    /// SNOMED CT codes we take as a referral to exercise: the PA IG's intervention value set (pa-servicerequest-code)
    /// and 409063005 "Counseling", which the IG's own scenario 2 referral uses.
    /// </summary>
    private static readonly HashSet<string> ReferralCodes = new(StringComparer.Ordinal)
    {
        FhirSystems.ReferralCode, "819961005", "398636004", "435551000124105", "426866005", "229095001", "229065009", "409063005",
    };

    /// <summary>Goals stored when the referral gives none (the record's language is Norwegian): agreed at the first meeting.</summary>
    public const string GoalsAtAssessment = "Mål avtales ved første vurdering.";

    public static ReferralOrder? Read(ServiceRequest sr, FhirIssues issues, DateOnly today)
    {
        var inferred = new List<Hl7.Fhir.Model.OperationOutcome.IssueComponent>();
        var draft = sr.Status switch
        {
            RequestStatus.Active => false,
            RequestStatus.Draft => true,
            _ => Refuse(issues, "ServiceRequest.status", FhirErrorCodes.ServiceRequestStatus),
        };
        if (sr.Intent is not { } intent || !OrderFamily.Contains(intent))
        {
            issues.Code("ServiceRequest.intent", FhirErrorCodes.ServiceRequestIntent);
        }

        if (sr.Code is null)
        {
            issues.Add("ServiceRequest.code", FhirErrorCodes.ServiceRequestCodeRequired.With(Referral));
        }
        else if (!sr.Code.Coding.Any(c => c.System == FhirSystems.Snomed && c.Code is { } code && ReferralCodes.Contains(code)))
        {
            issues.Code("ServiceRequest.code", FhirErrorCodes.ServiceRequestCode.With(Referral));
        }

        var requester = ReadRequester(sr.Requester, issues);
        var period = ServiceRequestFields.ReadPeriod(sr, issues, today, inferred);
        var (reasonCode, reasonText) = ServiceRequestFields.ReadReason(sr, issues, inferred);
        var (sessions, minutes) = ServiceRequestFields.ReadDose(sr, issues);
        var doseLater = sessions is null || minutes is null;
        if (doseLater && !issues.Any)
        {
            inferred.Add(OperationOutcomes.Note(FhirErrorCodes.InferredDose, "ServiceRequest.quantityRatio"));
        }

        var goals = sr.PatientInstruction;
        if (string.IsNullOrWhiteSpace(goals))
        {
            goals = GoalsAtAssessment;
            inferred.Add(OperationOutcomes.Note(FhirErrorCodes.InferredGoals, "ServiceRequest.patientInstruction"));
        }

        var request = new IssuePrescriptionRequest(
            Participant: null,
            ReasonCode: reasonCode,
            ReasonText: reasonText,
            Goals: goals,
            ActivityTypes: ServiceRequestFields.ReadActivities(sr, issues, inferred),
            SessionsPerWeek: doseLater ? null : sessions,
            MinutesPerSession: doseLater ? null : minutes,
            StartDate: period.Start,
            DurationWeeks: period.Weeks,
            Precautions: sr.Note.Count == 0 ? null : string.Join('\n', sr.Note.Select(n => n.Text).Where(t => !string.IsNullOrWhiteSpace(t))),
            RequiredCompetence: ServiceRequestFields.ReadCompetence(sr, issues),
            ConfirmationIntervalWeeks: ServiceRequestFields.ReadWhole(sr, FhirSystems.ConfirmationIntervalExtension, "wk", "weeks", ConfirmationExpression, issues),
            Funding: ServiceRequestFields.ReadFunding(sr, issues),
            Draft: draft,
            DoseAtAssessment: doseLater);
        return issues.Any ? null : new ReferralOrder(sr.Subject, requester, request, inferred);
    }

    private static readonly (string, object)[] Referral = [("system", FhirSystems.Snomed), ("code", FhirSystems.ReferralCode), ("display", FhirSystems.ReferralDisplay)];

    private static bool Refuse(FhirIssues issues, string expression, Domain.Errors.Error error)
    {
        issues.Code(expression, error);
        return false;
    }

    /// <summary>
    /// The HPR number the requester names, or null when it names none (absent, or a literal reference to a record we
    /// cannot resolve): then the signed-in health professional issues it, which the create answer says.
    /// </summary>
    private static HprNumber? ReadRequester(ResourceReference? requester, FhirIssues issues)
    {
        const string Expression = "ServiceRequest.requester";
        if (requester is null)
        {
            return null;
        }

        var type = requester.Type ?? TypeOf(requester.Reference);
        if (type is not (null or "Practitioner" or "PractitionerRole"))
        {
            issues.Add(Expression + ".type", FhirErrorCodes.RequesterType);
            return null;
        }

        if (requester.Identifier is not { System: NationalIdSystems.Hpr } identifier)
        {
            if (requester.Identifier is not null)
            {
                issues.Add(Expression, FhirErrorCodes.RequesterIdentifier.With(("system", NationalIdSystems.Hpr)));
            }

            return null;
        }

        if (!HprNumber.TryParse(identifier.Value, out var hpr, out var error))
        {
            issues.Add(Expression + ".identifier.value", error);
        }

        return hpr;
    }

    /// <summary>The resource type a literal reference names: "Practitioner/1" or "http://example.org/fhir/PractitionerRole/1".</summary>
    private static string? TypeOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference.StartsWith('#'))
        {
            return null;
        }

        var parts = reference.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? parts[^2] : null;
    }
}
