using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Prescriptions;

/// <summary>
/// What a referrer prescribes (PRODUCT.md, core loop step 1). Validated at the boundary.
/// <see cref="FundingOrganisation"/> is the paying employer's organisation number for employer-paid training.
/// <see cref="DoseAtAssessment"/>: the referrer left the dose to the trainer's initial assessment (both dose values 0).
/// <see cref="MaxPauseWeeksTotal"/>: how many weeks of pauses in all the participant may take (0 = none).
/// </summary>
public sealed record PrescriptionDetails(
    string? ReasonCode,
    string ReasonText,
    string Goals,
    IReadOnlyList<ActivityType> ActivityTypes,
    int SessionsPerWeek,
    int MinutesPerSession,
    DateOnly StartDate,
    int DurationWeeks,
    string? Precautions,
    CertificationKind? RequiredCompetence,
    int ConfirmationIntervalWeeks,
    FundingSource Funding,
    string? FundingOrganisation = null,
    bool DoseAtAssessment = false,
    int MaxPauseWeeksTotal = PauseRules.DefaultMaxWeeksTotal)
{
    public const int DefaultDurationWeeks = 12;

    public DateOnly EndDate => StartDate.AddDays((DurationWeeks * 7) - 1);
}
