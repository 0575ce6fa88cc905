using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.Prescriptions.Issue;
using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir.ServiceRequests;

/// <summary>An incoming referral: who it is for, who issues it, and what they prescribe (the participant still to resolve).</summary>
public sealed record ReferralOrder(ResourceReference Subject, HprNumber Requester, IssuePrescriptionRequest Request);

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

    public static ReferralOrder? Read(ServiceRequest sr, FhirIssues issues)
    {
        var draft = sr.Status switch
        {
            RequestStatus.Active => false,
            RequestStatus.Draft => true,
            _ => Refuse(issues, "ServiceRequest.status", FhirErrorCodes.ServiceRequestStatus),
        };
        if (sr.Intent != RequestIntent.Order)
        {
            issues.Code("ServiceRequest.intent", FhirErrorCodes.ServiceRequestIntent);
        }

        if (sr.Code is null)
        {
            issues.Add("ServiceRequest.code", FhirErrorCodes.ServiceRequestCodeRequired.With(Referral));
        }
        else if (!sr.Code.Coding.Any(c => c.System == FhirSystems.Snomed && c.Code == FhirSystems.ReferralCode))
        {
            issues.Code("ServiceRequest.code", FhirErrorCodes.ServiceRequestCode.With(Referral));
        }

        var requester = ReadRequester(sr.Requester, issues);
        var (start, weeks) = ServiceRequestFields.ReadPeriod(sr, issues);
        var (reasonCode, reasonText) = ServiceRequestFields.ReadReason(sr, issues);
        var request = new IssuePrescriptionRequest(
            Participant: null,
            ReasonCode: reasonCode,
            ReasonText: reasonText,
            Goals: sr.PatientInstruction,
            ActivityTypes: ServiceRequestFields.ReadActivities(sr, issues),
            SessionsPerWeek: ServiceRequestFields.ReadSessionsPerWeek(sr, issues),
            MinutesPerSession: ServiceRequestFields.ReadWhole(sr, FhirSystems.MinutesPerSessionExtension, "min", "minutes", MinutesExpression, issues),
            StartDate: start,
            DurationWeeks: weeks,
            Precautions: sr.Note.Count == 0 ? null : string.Join('\n', sr.Note.Select(n => n.Text).Where(t => !string.IsNullOrWhiteSpace(t))),
            RequiredCompetence: ServiceRequestFields.ReadCompetence(sr, issues),
            ConfirmationIntervalWeeks: ServiceRequestFields.ReadWhole(sr, FhirSystems.ConfirmationIntervalExtension, "wk", "weeks", ConfirmationExpression, issues),
            Funding: ServiceRequestFields.ReadFunding(sr, issues),
            Draft: draft);
        return issues.Any ? null : new ReferralOrder(sr.Subject, requester!, request);
    }

    private static readonly (string, object)[] Referral = [("system", FhirSystems.Snomed), ("code", FhirSystems.ReferralCode), ("display", FhirSystems.ReferralDisplay)];

    private static bool Refuse(FhirIssues issues, string expression, Domain.Errors.Error error)
    {
        issues.Code(expression, error);
        return false;
    }

    private static HprNumber? ReadRequester(ResourceReference? requester, FhirIssues issues)
    {
        const string Expression = "ServiceRequest.requester";
        if (requester is null)
        {
            issues.Add(Expression, FhirErrorCodes.RequesterRequired.With(("system", NationalIdSystems.Hpr)));
            return null;
        }

        if (requester.Type is { } type && type is not ("Practitioner" or "PractitionerRole"))
        {
            issues.Add(Expression + ".type", FhirErrorCodes.RequesterType);
        }

        if (requester.Identifier is not { System: NationalIdSystems.Hpr } identifier)
        {
            issues.Add(Expression, FhirErrorCodes.RequesterIdentifier.With(("system", NationalIdSystems.Hpr)));
            return null;
        }

        if (!HprNumber.TryParse(identifier.Value, out var hpr, out var error))
        {
            issues.Add(Expression + ".identifier.value", error);
        }

        return hpr;
    }
}
