using System.Globalization;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Features.Prescriptions.Issue;
using Hl7.Fhir.Model;
using Codes = AktivResept.Server.Fhir.Prescriptions.Codes;

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
    private static readonly string MinutesExpression = $"ServiceRequest.extension('{FhirSystems.MinutesPerSessionExtension}')";
    private static readonly string ConfirmationExpression = $"ServiceRequest.extension('{FhirSystems.ConfirmationIntervalExtension}')";
    private static readonly string FundingExpression = $"ServiceRequest.extension('{FhirSystems.FundingExtension}')";

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
            _ => Refuse(issues, "ServiceRequest.status", "A new ServiceRequest is 'active' (issue it) or 'draft' (save a draft)."),
        };
        if (sr.Intent != RequestIntent.Order)
        {
            issues.Code("ServiceRequest.intent", "Only intent 'order' is accepted.");
        }

        if (sr.Code is null)
        {
            issues.Required("ServiceRequest.code", $"code is required: {FhirSystems.Snomed}|{FhirSystems.ReferralCode} ({FhirSystems.ReferralDisplay}).");
        }
        else if (!sr.Code.Coding.Any(c => c.System == FhirSystems.Snomed && c.Code == FhirSystems.ReferralCode))
        {
            issues.Code("ServiceRequest.code", $"Only {FhirSystems.Snomed}|{FhirSystems.ReferralCode} ({FhirSystems.ReferralDisplay}) is accepted.");
        }

        var requester = ReadRequester(sr.Requester, issues);
        var (start, weeks) = ReadPeriod(sr, issues);
        var (reasonCode, reasonText) = ReadReason(sr, issues);
        var request = new IssuePrescriptionRequest(
            Participant: null,
            ReasonCode: reasonCode,
            ReasonText: reasonText,
            Goals: sr.PatientInstruction,
            ActivityTypes: ReadActivities(sr, issues),
            SessionsPerWeek: ReadSessionsPerWeek(sr, issues),
            MinutesPerSession: ReadWhole(sr, FhirSystems.MinutesPerSessionExtension, "min", "minutes", MinutesExpression, issues),
            StartDate: start,
            DurationWeeks: weeks,
            Precautions: sr.Note.Count == 0 ? null : string.Join('\n', sr.Note.Select(n => n.Text).Where(t => !string.IsNullOrWhiteSpace(t))),
            RequiredCompetence: ReadCompetence(sr, issues),
            ConfirmationIntervalWeeks: ReadWhole(sr, FhirSystems.ConfirmationIntervalExtension, "wk", "weeks", ConfirmationExpression, issues),
            Funding: ReadFunding(sr, issues),
            Draft: draft);
        return issues.Any ? null : new ReferralOrder(sr.Subject, requester!, request);
    }

    private static bool Refuse(FhirIssues issues, string expression, string message)
    {
        issues.Code(expression, message);
        return false;
    }

    private static HprNumber? ReadRequester(ResourceReference? requester, FhirIssues issues)
    {
        const string Expression = "ServiceRequest.requester";
        if (requester is null)
        {
            issues.Required(Expression, $"requester is required: your HPR number as identifier (system {NationalIdSystems.Hpr}).");
            return null;
        }

        if (requester.Type is { } type && type is not ("Practitioner" or "PractitionerRole"))
        {
            issues.Value(Expression + ".type", "The requester is a Practitioner or PractitionerRole.");
        }

        if (requester.Identifier is not { System: NationalIdSystems.Hpr } identifier)
        {
            issues.Value(Expression, $"Identify the requester by identifier with system {NationalIdSystems.Hpr} (the HPR number).");
            return null;
        }

        if (!HprNumber.TryParse(identifier.Value, out var hpr, out var error))
        {
            issues.Value(Expression + ".identifier.value", $"The HPR number {error}.");
        }

        return hpr;
    }

    private static (DateOnly? Start, int? Weeks) ReadPeriod(ServiceRequest sr, FhirIssues issues)
    {
        switch (sr.Occurrence)
        {
            case null:
                issues.Required("ServiceRequest.occurrencePeriod", "occurrencePeriod is required, with start (and end for other than 12 weeks).");
                return (null, null);
            case not Period:
                issues.Value("ServiceRequest.occurrence", "Give the period as occurrencePeriod.");
                return (null, null);
        }

        var period = (Period)sr.Occurrence;
        var start = ReadDate(period.Start, "ServiceRequest.occurrencePeriod.start", issues, required: true);
        var end = ReadDate(period.End, "ServiceRequest.occurrencePeriod.end", issues, required: false);
        if (start is null || end is null)
        {
            return (start, null);
        }

        // Both an inclusive end (start + 7w − 1 day, as we write it) and an exclusive one (start + 7w) mean w weeks.
        var days = end.Value.DayNumber - start.Value.DayNumber;
        int? weeks = days > 0 && days % 7 == 0 ? days / 7 : days > 0 && (days + 1) % 7 == 0 ? (days + 1) / 7 : null;
        if (weeks is null)
        {
            issues.Value("ServiceRequest.occurrencePeriod.end", "The period must last whole weeks: end = start + 7 × weeks − 1 day.");
        }

        return (start, weeks);
    }

    private static DateOnly? ReadDate(string? value, string expression, FhirIssues issues, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                issues.Required(expression, "is required.");
            }

            return null;
        }

        if (value.Length >= 10 && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        issues.Value(expression, "must be a full date (YYYY-MM-DD).");
        return null;
    }

    private static (string? Code, string? Text) ReadReason(ServiceRequest sr, FhirIssues issues)
    {
        var reason = sr.ReasonCode.FirstOrDefault();
        if (reason is null)
        {
            issues.Required("ServiceRequest.reasonCode", $"reasonCode is required: the reason as text, with an ICPC-2 coding (system {FhirSystems.Icpc2}) where known.");
            return (null, null);
        }

        var icpc = reason.Coding.FirstOrDefault(c => c.System == FhirSystems.Icpc2);
        return (icpc?.Code, reason.Text ?? icpc?.Display);
    }

    private static List<ActivityType>? ReadActivities(ServiceRequest sr, FhirIssues issues)
    {
        var activities = new List<ActivityType>();
        for (var i = 0; i < sr.OrderDetail.Count; i++)
        {
            var codings = sr.OrderDetail[i].Coding.Where(c => c.System == FhirSystems.ActivityTypeSystem).ToList();
            if (codings.Count == 0)
            {
                issues.Code($"ServiceRequest.orderDetail[{i}]", $"Give the activity type as a coding in {FhirSystems.ActivityTypeSystem}.");
            }

            foreach (var coding in codings)
            {
                if (Codes.Parse<ActivityType>(coding.Code) is { } activity)
                {
                    activities.Add(activity);
                }
                else
                {
                    issues.Code($"ServiceRequest.orderDetail[{i}]", $"Unknown activity type; use one of {Codes.List<ActivityType>()}.");
                }
            }
        }

        return activities.Count == 0 ? null : activities;
    }

    private static int? ReadSessionsPerWeek(ServiceRequest sr, FhirIssues issues)
    {
        switch (sr.Quantity)
        {
            case null:
                return null;
            case not Ratio:
                issues.Value("ServiceRequest.quantity", "Give sessions per week as quantityRatio: numerator sessions, denominator 1 wk.");
                return null;
        }

        var ratio = (Ratio)sr.Quantity;
        if (ratio.Denominator is not { Value: 1 } per || (per.Code ?? per.Unit) is not ("wk" or "week"))
        {
            issues.Value("ServiceRequest.quantityRatio.denominator", $"The denominator must be 1 week ({FhirSystems.Ucum} code wk).");
        }

        return Whole(ratio.Numerator?.Value, "ServiceRequest.quantityRatio.numerator", "sessions", issues);
    }

    private static int? ReadWhole(ServiceRequest sr, string url, string ucum, string unit, string expression, FhirIssues issues)
    {
        var extension = sr.GetExtension(url);
        if (extension is null)
        {
            return null;
        }

        if (extension.Value is not Quantity quantity || (quantity.Code ?? quantity.Unit) != ucum)
        {
            issues.Value(expression, $"Give a valueDuration in {unit} ({FhirSystems.Ucum} code {ucum}).");
            return null;
        }

        return Whole(quantity.Value, expression, unit, issues);
    }

    private static int? Whole(decimal? value, string expression, string unit, FhirIssues issues)
    {
        if (value is not { } number || number != decimal.Truncate(number) || number is < 0 or > 10_000)
        {
            issues.Value(expression, $"must be a whole number of {unit}.");
            return null;
        }

        return (int)number;
    }

    private static CertificationKind? ReadCompetence(ServiceRequest sr, FhirIssues issues)
    {
        if (sr.PerformerType is null)
        {
            return null;
        }

        var coding = sr.PerformerType.Coding.FirstOrDefault(c => c.System == FhirSystems.CertificationKindSystem);
        if (Codes.Parse<CertificationKind>(coding?.Code) is { } kind)
        {
            return kind;
        }

        issues.Code("ServiceRequest.performerType", $"The required trainer competence is a coding in {FhirSystems.CertificationKindSystem}: {Codes.List<CertificationKind>()}.");
        return null;
    }

    private static FundingSource? ReadFunding(ServiceRequest sr, FhirIssues issues)
    {
        var extension = sr.GetExtension(FhirSystems.FundingExtension);
        if (extension is null)
        {
            return null;
        }

        if (extension.Value is Coding { System: FhirSystems.FundingSourceSystem or null } coding && Codes.Parse<FundingSource>(coding.Code) is { } funding)
        {
            return funding;
        }

        issues.Code(FundingExpression, $"The funding source is a valueCoding in {FhirSystems.FundingSourceSystem}: {Codes.List<FundingSource>()}.");
        return null;
    }
}
