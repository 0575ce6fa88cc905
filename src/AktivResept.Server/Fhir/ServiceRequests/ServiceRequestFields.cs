using System.Globalization;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;
using Codes = AktivResept.Server.Fhir.Prescriptions.Codes;

namespace AktivResept.Server.Fhir.ServiceRequests;

/// <summary>Reads the prescription's content out of a ServiceRequest's elements, noting each shape problem by element.</summary>
public static class ServiceRequestFields
{
    /// <summary>
    /// The period from occurrencePeriod, occurrenceTiming (repeat.boundsPeriod / boundsDuration) or occurrenceDateTime
    /// (the start). No start: today. No end: 12 weeks. An end that does not give whole weeks is rounded up to cover it.
    /// Whatever was not given as whole weeks is reported in <paramref name="inferred"/>.
    /// </summary>
    public static (DateOnly? Start, int? Weeks) ReadPeriod(ServiceRequest sr, FhirIssues issues, DateOnly today, List<IssueComponent> inferred)
    {
        string? startText = null, endText = null;
        int? boundWeeks = null;
        var expression = "ServiceRequest.occurrencePeriod";
        switch (sr.Occurrence)
        {
            case null:
                break;
            case Period period:
                (startText, endText) = (period.Start, period.End);
                if (string.IsNullOrEmpty(startText))
                {
                    issues.Add(expression + ".start", ErrorCodes.Required);
                    return (null, null);
                }

                break;
            case FhirDateTime dateTime:
                (startText, expression) = (dateTime.Value, "ServiceRequest.occurrenceDateTime");
                break;
            case Timing { Repeat: var repeat }:
                expression = "ServiceRequest.occurrenceTiming.repeat.bounds";
                if (repeat?.Bounds is Period bounds)
                {
                    (startText, endText) = (bounds.Start, bounds.End);
                }
                else if (repeat?.Bounds is Duration { Value: { } length } duration)
                {
                    boundWeeks = (duration.Code ?? duration.Unit) switch
                    {
                        "wk" or "week" or "weeks" => (int)Math.Ceiling(length),
                        "d" or "day" or "days" => (int)Math.Ceiling(length / 7),
                        "mo" or "month" or "months" => (int)Math.Ceiling(length * 52 / 12),
                        _ => null,
                    };
                }

                break;
            default:
                issues.Add("ServiceRequest.occurrence", FhirErrorCodes.PeriodType);
                return (null, null);
        }

        var start = string.IsNullOrEmpty(startText) ? today : ReadDate(startText, expression + (sr.Occurrence is FhirDateTime ? string.Empty : ".start"), issues, required: true);
        var end = ReadDate(endText, expression + ".end", issues, required: false);
        if (start is null || (endText is not null && end is null))
        {
            return (start, null);
        }

        // Both an inclusive end (start + 7w − 1 day, as we write it) and an exclusive one (start + 7w) mean w weeks.
        int? weeks = boundWeeks;
        var whole = sr.Occurrence is Period && endText is null;
        if (end is { } last)
        {
            var days = last.DayNumber - start.Value.DayNumber;
            whole = days > 0 && (days % 7 == 0 || (days + 1) % 7 == 0);
            weeks = days <= 0 ? null : days % 7 == 0 ? days / 7 : (days + 7) / 7;
            if (weeks is null)
            {
                issues.Add(expression + ".end", FhirErrorCodes.WholeWeeks);
                return (start, null);
            }
        }

        if (!whole)
        {
            var length = weeks ?? Domain.Prescriptions.PrescriptionDetails.DefaultDurationWeeks;
            inferred.Add(OperationOutcomes.Note(
                FhirErrorCodes.InferredPeriod.With(("weeks", length), ("start", start.Value), ("end", start.Value.AddDays((length * 7) - 1))),
                sr.Occurrence is null ? "ServiceRequest.occurrence" : expression));
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

        // A prescription's dates are near today: a far year (0001, 9999) is refused here, before any date arithmetic.
        if (value.Length >= 10 && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) &&
            Domain.Calendar.OsloCalendar.IsPlausibleYear(date.Year))
        {
            return date;
        }

        issues.Add(expression, ErrorCodes.DateFormat);
        return null;
    }

    /// <summary>
    /// The reason: reasonCode[0] (its ICPC-2 coding where there is one; text, else any coding's display, else its code),
    /// or, with no reasonCode, reasonReference[0] (its display, else the reference itself). One of them is required
    /// (the PA IG's pa-sr-1 asks the same).
    /// </summary>
    public static (string? Code, string? Text) ReadReason(ServiceRequest sr, FhirIssues issues, List<IssueComponent> inferred)
    {
        var reason = sr.ReasonCode.FirstOrDefault();
        if (reason is not null)
        {
            var icpc = reason.Coding.FirstOrDefault(c => c.System == FhirSystems.Icpc2);
            var text = FirstText(reason.Text, icpc?.Display, reason.Coding.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d)));
            if (text is null && reason.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Code)) is { } coded)
            {
                text = $"{coded.System}|{coded.Code}";
                inferred.Add(OperationOutcomes.Note(FhirErrorCodes.InferredReason.With(("text", text)), "ServiceRequest.reasonCode[0]"));
            }

            return (icpc?.Code, Limit(text));
        }

        if (sr.ReasonReference.FirstOrDefault() is { } reference && FirstText(reference.Display, reference.Reference) is { } referenced)
        {
            if (string.IsNullOrWhiteSpace(reference.Display))
            {
                inferred.Add(OperationOutcomes.Note(FhirErrorCodes.InferredReason.With(("text", referenced)), "ServiceRequest.reasonReference[0]"));
            }

            return (null, Limit(referenced));
        }

        issues.Add("ServiceRequest.reasonCode", FhirErrorCodes.ReasonRequired.With(("system", FhirSystems.Icpc2)));
        return (null, null);
    }

    private static string? FirstText(params string?[] candidates) => candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));

    /// <summary>The stored reason holds 500 characters; a longer text from another system is cut, not refused.</summary>
    private static string? Limit(string? text) => text is { Length: > 500 } ? text[..500] : text;

    /// <summary>
    /// Activity types from orderDetail codings in our system (an unknown code there is an error); orderDetail in other
    /// systems is left out with a warning; none at all gives a default from the referral's code.
    /// </summary>
    public static List<ActivityType>? ReadActivities(ServiceRequest sr, FhirIssues issues, List<IssueComponent> inferred)
    {
        var activities = new List<ActivityType>();
        for (var i = 0; i < sr.OrderDetail.Count; i++)
        {
            var codings = sr.OrderDetail[i].Coding.Where(c => c.System == FhirSystems.ActivityTypeSystem).ToList();
            if (codings.Count == 0)
            {
                inferred.Add(OperationOutcomes.Note(FhirErrorCodes.IgnoredOrderDetail.With(("system", FhirSystems.ActivityTypeSystem)), $"ServiceRequest.orderDetail[{i}]"));
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

        if (activities.Count == 0)
        {
            // SNOMED CT 229095001 "Exercise class" is a group class; anything else is followed up by a trainer, who
            // chooses the training at the initial assessment.
            var fallback = sr.Code?.Coding.Any(c => c.System == FhirSystems.Snomed && c.Code == "229095001") == true
                ? ActivityType.GroupClass
                : ActivityType.PersonalTrainerFollowUp;
            activities.Add(fallback);
            inferred.Add(OperationOutcomes.Note(FhirErrorCodes.InferredActivity.With(("system", FhirSystems.ActivityTypeSystem), ("activity", fallback)), "ServiceRequest.orderDetail"));
        }

        return activities;
    }

    /// <summary>
    /// The dose: sessions per week from quantityRatio, else occurrenceTiming.repeat (frequency per period); minutes per
    /// session from the minutes-per-session extension, else occurrenceTiming.repeat.duration. Null where not given.
    /// </summary>
    public static (int? SessionsPerWeek, int? MinutesPerSession) ReadDose(ServiceRequest sr, FhirIssues issues)
    {
        var sessions = ReadSessionsPerWeek(sr, issues);
        var minutes = ReadWhole(sr, FhirSystems.MinutesPerSessionExtension, "min", "minutes", ServiceRequestInput.MinutesExpression, issues);
        if (sr.Occurrence is Timing { Repeat: { } repeat })
        {
            const string Expression = "ServiceRequest.occurrenceTiming.repeat";
            if (sessions is null && repeat.Frequency is { } frequency && repeat.Period is { } per && per > 0)
            {
                decimal? perWeek = repeat.PeriodUnit switch
                {
                    Timing.UnitsOfTime.Wk => frequency / per,
                    Timing.UnitsOfTime.D => frequency * 7 / per,
                    _ => null,
                };
                sessions = perWeek is { } value && value == decimal.Truncate(value) ? (int)value : null;
                if (sessions is null)
                {
                    issues.Add(Expression + ".frequency", FhirErrorCodes.WholeNumber.With(("unit", "sessions per week")));
                }
            }

            if (minutes is null && repeat.Duration is { } duration)
            {
                decimal? inMinutes = repeat.DurationUnit switch
                {
                    Timing.UnitsOfTime.Min => duration,
                    Timing.UnitsOfTime.H => duration * 60,
                    _ => null,
                };
                minutes = inMinutes is { } value && value == decimal.Truncate(value) ? (int)value : null;
                if (minutes is null)
                {
                    issues.Add(Expression + ".duration", FhirErrorCodes.WholeNumber.With(("unit", "minutes")));
                }
            }
        }

        return (sessions, minutes);
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
