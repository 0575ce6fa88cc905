using System.Globalization;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Components.Shared;
using AktivResept.Server.Features.Prescriptions.Issue;
using AktivResept.Server.Features.Prescriptions.Read;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Prescriptions;

/// <summary>
/// The "new referral" form as typed, kept as text so a rejected form comes back exactly as it was sent. Field names are
/// the handler's ValidationErrors keys, so its messages land next to the right input.
/// </summary>
public sealed class IssueForm
{
    public const string NationalId = "participant.nationalId";
    public const string GivenName = "participant.givenName";
    public const string FamilyName = "participant.familyName";
    public const string Kommunenummer = "participant.kommunenummer";
    public const string ReasonCode = "reasonCode";
    public const string ReasonText = "reasonText";
    public const string Goals = "goals";
    public const string ActivityTypes = "activityTypes";
    public const string SessionsPerWeek = "sessionsPerWeek";
    public const string MinutesPerSession = "minutesPerSession";
    public const string StartDate = "startDate";
    public const string DurationWeeks = "durationWeeks";
    public const string Precautions = "precautions";
    public const string RequiredCompetence = "requiredCompetence";
    public const string ConfirmationIntervalWeeks = "confirmationIntervalWeeks";
    public const string Funding = "funding";
    public const string MaxPauseWeeksTotal = "maxPauseWeeksTotal";
    public const string FundingOrganisation = "fundingOrganisation";
    public const string AcknowledgePartialCover = Features.Prescriptions.Issue.IssueRules.PartialCoverField;

    /// <summary>The value a ticked acknowledgement posts.</summary>
    public const string Ticked = "true";

    /// <summary>Fields in the order they appear, which is also the error summary's order.</summary>
    public static readonly string[] Order =
    [
        NationalId, GivenName, FamilyName, Kommunenummer, ReasonCode, ReasonText, Goals, ActivityTypes, SessionsPerWeek,
        MinutesPerSession, StartDate, DurationWeeks, Precautions, RequiredCompetence, ConfirmationIntervalWeeks, MaxPauseWeeksTotal,
        Funding, FundingOrganisation, AcknowledgePartialCover,
    ];

    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Activities { get; private set; } = [];

    public string? this[string field] => Values.GetValueOrDefault(field);

    /// <summary>Whether the referrer ticked that they have seen the cover end inside the period.</summary>
    public bool PartialCoverAcknowledged => this[AcknowledgePartialCover] == Ticked;

    public static IssueForm Defaults(DateTimeOffset now)
    {
        var form = new IssueForm();
        form.Values[StartDate] = Oslo.Today(now).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        form.Values[DurationWeeks] = PrescriptionDetails.DefaultDurationWeeks.ToString(CultureInfo.InvariantCulture);
        form.Values[ConfirmationIntervalWeeks] = "4";
        form.Values[MaxPauseWeeksTotal] = PauseRules.DefaultMaxWeeksTotal.ToString(CultureInfo.InvariantCulture);
        form.Values[SessionsPerWeek] = "2";
        form.Values[MinutesPerSession] = "60";
        return form;
    }

    /// <summary>A saved draft as the form shows it for editing; the person is the draft's own and is not asked again.</summary>
    public static IssueForm Of(PrescriptionView draft)
    {
        var form = new IssueForm();
        string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
        form.Values[ReasonCode] = draft.ReasonCode;
        form.Values[ReasonText] = draft.ReasonText;
        form.Values[Goals] = draft.Goals;
        form.Values[SessionsPerWeek] = draft.DoseToBeSet ? null : Number(draft.SessionsPerWeek);
        form.Values[MinutesPerSession] = draft.DoseToBeSet ? null : Number(draft.MinutesPerSession);
        form.Values[StartDate] = draft.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        form.Values[DurationWeeks] = Number(draft.DurationWeeks);
        form.Values[Precautions] = draft.Precautions;
        form.Values[RequiredCompetence] = draft.RequiredCompetence?.ToString();
        form.Values[ConfirmationIntervalWeeks] = Number(draft.ConfirmationIntervalWeeks);
        form.Values[MaxPauseWeeksTotal] = Number(draft.MaxPauseWeeksTotal);
        form.Values[Funding] = draft.Funding.ToString();
        form.Values[FundingOrganisation] = draft.FundingOrganisation;
        form.Activities = [.. draft.ActivityTypes.Select(a => a.ToString())];
        return form;
    }

    /// <summary>Reads the posted form into a request; text that is not a number or date is reported here, by field.</summary>
    public static (IssueForm Form, IssuePrescriptionRequest Request) Read(FormValues posted, bool draft, FormErrors errors, IStringLocalizer<UiText> t)
    {
        var form = new IssueForm();
        foreach (var field in Order)
        {
            form.Values[field] = posted.Text(field);
        }

        form.Activities = posted.All(ActivityTypes);
        int? Number(string field)
        {
            var value = posted.Int(field, out var invalid);
            if (invalid)
            {
                errors.Add(field, t["Val.WholeNumber"]);
            }

            return value;
        }

        var start = posted.Date(StartDate, out var badDate);
        if (badDate)
        {
            errors.Add(StartDate, t["Val.Date"]);
        }

        var request = new IssuePrescriptionRequest(
            new ParticipantInput(form[NationalId], form[GivenName], form[FamilyName], form[Kommunenummer]),
            form[ReasonCode], form[ReasonText], form[Goals],
            form.Activities.Select(a => Enum.TryParse<ActivityType>(a, out var type) ? type : (ActivityType?)null).OfType<ActivityType>().ToList(),
            Number(SessionsPerWeek), Number(MinutesPerSession), start, Number(DurationWeeks), form[Precautions],
            posted.Enum<CertificationKind>(RequiredCompetence), Number(ConfirmationIntervalWeeks), posted.Enum<FundingSource>(Funding), draft,
            FundingOrganisation: form[FundingOrganisation],
            MaxPauseWeeksTotal: Number(MaxPauseWeeksTotal),
            AcknowledgePartialCover: form[AcknowledgePartialCover] == Ticked);
        return (form, request);
    }
}
