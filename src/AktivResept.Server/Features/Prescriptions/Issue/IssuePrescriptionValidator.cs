using System.Text.RegularExpressions;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Prescriptions.Issue;

/// <summary>Field-level checks of an issue request, named as the caller sent them.</summary>
public static partial class IssuePrescriptionValidator
{
    public sealed record Valid(Fodselsnummer NationalId, ParticipantInput Participant, PrescriptionDetails Details);

    public static Outcome<Valid> Validate(IssuePrescriptionRequest request, DateOnly today, bool allowTestIdentities)
    {
        var errors = new ValidationErrors();
        Fodselsnummer? nationalId = null;
        if (request.Participant is null)
        {
            errors.Add("participant", ErrorCodes.Required);
        }
        else if (!Fodselsnummer.TryParse(request.Participant.NationalId, allowTestIdentities, out nationalId, out var idError))
        {
            errors.Add("participant.nationalId", idError);
        }

        if (request.Participant?.Kommunenummer is { Length: > 0 } kommune && !Kommunenummer.TryParse(kommune, out _, out var kError))
        {
            errors.Add("participant.kommunenummer", kError);
        }

        if (request.ReasonCode is { Length: > 0 } code && !Icpc2Code().IsMatch(code))
        {
            errors.Add("reasonCode", ApiErrorCodes.Icpc2);
        }

        Require(errors, "reasonText", request.ReasonText, 500);
        Require(errors, "goals", request.Goals, 2000);
        if (request.Precautions is { Length: > 2000 })
        {
            errors.Add("precautions", ErrorCodes.MaxLength.With(("max", 2000)));
        }

        if (request.ActivityTypes is null || request.ActivityTypes.Count == 0)
        {
            errors.Add("activityTypes", ApiErrorCodes.ActivityTypeRequired);
        }

        var doseLater = request.DoseAtAssessment && request.SessionsPerWeek is null && request.MinutesPerSession is null;
        Range(errors, "sessionsPerWeek", request.SessionsPerWeek, Prescription.MinSessionsPerWeek, Prescription.MaxSessionsPerWeek, required: !doseLater);
        Range(errors, "minutesPerSession", request.MinutesPerSession, Prescription.MinMinutesPerSession, Prescription.MaxMinutesPerSession, required: !doseLater);
        var duration = request.DurationWeeks ?? PrescriptionDetails.DefaultDurationWeeks;
        Range(errors, "durationWeeks", duration, 1, 52, required: false);
        var cadence = request.ConfirmationIntervalWeeks ?? 4;
        Range(errors, "confirmationIntervalWeeks", cadence, 1, 52, required: false);
        var pauseWeeks = request.MaxPauseWeeksTotal ?? PauseRules.DefaultMaxWeeksTotal;
        Range(errors, "maxPauseWeeksTotal", pauseWeeks, 0, PauseRules.MaxWeeksTotalLimit, required: false);

        if (request.StartDate is not { } start)
        {
            errors.Add("startDate", ErrorCodes.Required);
        }
        else if (start < today)
        {
            errors.Add("startDate", ErrorCodes.NotInPast);
        }
        else if (start > today.AddYears(1))
        {
            errors.Add("startDate", ErrorCodes.AtMostAYearAhead);
        }

        if (request.Funding is null)
        {
            errors.Add("funding", ErrorCodes.Required);
        }

        string? fundingOrganisation = null;
        if (request.FundingOrganisation is { Length: > 0 } employer)
        {
            if (request.Funding != FundingSource.EmployerPaid)
            {
                errors.Add("fundingOrganisation", ApiErrorCodes.EmployerOnly);
            }
            else if (!OrganisationNumber.TryParse(employer, out var org, out var orgError))
            {
                errors.Add("fundingOrganisation", orgError);
            }
            else
            {
                fundingOrganisation = org!.Value;
            }
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var details = new PrescriptionDetails(
            request.ReasonCode?.ToUpperInvariant(), request.ReasonText!.Trim(), request.Goals!.Trim(),
            request.ActivityTypes!.Distinct().ToList(), request.SessionsPerWeek ?? 0, request.MinutesPerSession ?? 0,
            request.StartDate!.Value, duration, request.Precautions?.Trim(), request.RequiredCompetence,
            Math.Min(cadence, duration), request.Funding!.Value, fundingOrganisation, doseLater, pauseWeeks);
        return new Valid(nationalId!, request.Participant!, details);
    }

    private static void Require(ValidationErrors errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, ErrorCodes.Required);
        }
        else if (value.Length > max)
        {
            errors.Add(field, ErrorCodes.MaxLength.With(("max", max)));
        }
    }

    private static void Range(ValidationErrors errors, string field, int? value, int min, int max, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, ErrorCodes.Required);
            }
        }
        else if (value < min || value > max)
        {
            errors.Add(field, ErrorCodes.Between.With(("min", min), ("max", max)));
        }
    }

    [GeneratedRegex("^[ABDFHKLNPRSTUWXYZ][0-9]{2}(\\.[0-9]{1,2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex Icpc2Code();
}
