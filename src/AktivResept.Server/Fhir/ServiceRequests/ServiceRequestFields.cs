using System.Globalization;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using Hl7.Fhir.Model;
using Codes = AktivResept.Server.Fhir.Prescriptions.Codes;

namespace AktivResept.Server.Fhir.ServiceRequests;

/// <summary>Reads the prescription's content out of a ServiceRequest's elements, noting each shape problem by element.</summary>
public static class ServiceRequestFields
{
    public static (DateOnly? Start, int? Weeks) ReadPeriod(ServiceRequest sr, FhirIssues issues)
    {
        switch (sr.Occurrence)
        {
            case null:
                issues.Add("ServiceRequest.occurrencePeriod", FhirErrorCodes.PeriodRequired);
                return (null, null);
            case not Period:
                issues.Add("ServiceRequest.occurrence", FhirErrorCodes.PeriodType);
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
            issues.Add("ServiceRequest.occurrencePeriod.end", FhirErrorCodes.WholeWeeks);
        }

        return (start, weeks);
    }

    private static DateOnly? ReadDate(string? value, string expression, FhirIssues issues, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                issues.Add(expression, ErrorCodes.Required);
            }

            return null;
        }

        if (value.Length >= 10 && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        issues.Add(expression, ErrorCodes.DateFormat);
        return null;
    }

    public static (string? Code, string? Text) ReadReason(ServiceRequest sr, FhirIssues issues)
    {
        var reason = sr.ReasonCode.FirstOrDefault();
        if (reason is null)
        {
            issues.Add("ServiceRequest.reasonCode", FhirErrorCodes.ReasonRequired.With(("system", FhirSystems.Icpc2)));
            return (null, null);
        }

        var icpc = reason.Coding.FirstOrDefault(c => c.System == FhirSystems.Icpc2);
        return (icpc?.Code, reason.Text ?? icpc?.Display);
    }

    public static List<ActivityType>? ReadActivities(ServiceRequest sr, FhirIssues issues)
    {
        var activities = new List<ActivityType>();
        for (var i = 0; i < sr.OrderDetail.Count; i++)
        {
            var codings = sr.OrderDetail[i].Coding.Where(c => c.System == FhirSystems.ActivityTypeSystem).ToList();
            if (codings.Count == 0)
            {
                issues.Code($"ServiceRequest.orderDetail[{i}]", FhirErrorCodes.CodingInSystem.With(("system", FhirSystems.ActivityTypeSystem)));
            }

            foreach (var coding in codings)
            {
                if (Codes.Parse<ActivityType>(coding.Code) is { } activity)
                {
                    activities.Add(activity);
                }
                else
                {
                    issues.Code($"ServiceRequest.orderDetail[{i}]", FhirErrorCodes.CodingOneOf.With(("system", FhirSystems.ActivityTypeSystem), ("allowed", Codes.List<ActivityType>())));
                }
            }
        }

        return activities.Count == 0 ? null : activities;
    }

    public static int? ReadSessionsPerWeek(ServiceRequest sr, FhirIssues issues)
    {
        switch (sr.Quantity)
        {
            case null:
                return null;
            case not Ratio:
                issues.Add("ServiceRequest.quantity", FhirErrorCodes.QuantityRatio);
                return null;
        }

        var ratio = (Ratio)sr.Quantity;
        if (ratio.Denominator is not { Value: 1 } per || (per.Code ?? per.Unit) is not ("wk" or "week"))
        {
            issues.Add("ServiceRequest.quantityRatio.denominator", FhirErrorCodes.PerWeek.With(("system", FhirSystems.Ucum)));
        }

        return Whole(ratio.Numerator?.Value, "ServiceRequest.quantityRatio.numerator", "sessions", issues);
    }

    public static int? ReadWhole(ServiceRequest sr, string url, string ucum, string unit, string expression, FhirIssues issues)
    {
        var extension = sr.GetExtension(url);
        if (extension is null)
        {
            return null;
        }

        if (extension.Value is not Quantity quantity || (quantity.Code ?? quantity.Unit) != ucum)
        {
            issues.Add(expression, FhirErrorCodes.DurationUnit.With(("unit", unit), ("system", FhirSystems.Ucum), ("ucum", ucum)));
            return null;
        }

        return Whole(quantity.Value, expression, unit, issues);
    }

    private static int? Whole(decimal? value, string expression, string unit, FhirIssues issues)
    {
        if (value is not { } number || number != decimal.Truncate(number) || number is < 0 or > 10_000)
        {
            issues.Add(expression, FhirErrorCodes.WholeNumber.With(("unit", unit)));
            return null;
        }

        return (int)number;
    }

    public static CertificationKind? ReadCompetence(ServiceRequest sr, FhirIssues issues)
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

        issues.Code("ServiceRequest.performerType", FhirErrorCodes.CodingOneOf.With(("system", FhirSystems.CertificationKindSystem), ("allowed", Codes.List<CertificationKind>())));
        return null;
    }

    public static FundingSource? ReadFunding(ServiceRequest sr, FhirIssues issues)
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

        issues.Code(ServiceRequestInput.FundingExpression, FhirErrorCodes.CodingOneOf.With(("system", FhirSystems.FundingSourceSystem), ("allowed", Codes.List<FundingSource>())));
        return null;
    }
}
