using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Prescriptions;

/// <summary>What a referrer prescribes (PRODUCT.md, core loop step 1). Validated at the boundary.</summary>
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
    FundingSource Funding)
{
    public const int DefaultDurationWeeks = 12;

    public DateOnly EndDate => StartDate.AddDays((DurationWeeks * 7) - 1);
}
