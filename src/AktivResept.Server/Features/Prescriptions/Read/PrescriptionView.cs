using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;

namespace AktivResept.Server.Features.Prescriptions.Read;

/// <summary>
/// A prescription as the API shows it. The participant's national id is shown masked only. <see cref="DoseToBeSet"/>:
/// the dose is left to the initial assessment, and <see cref="SessionsPerWeek"/>/<see cref="MinutesPerSession"/> read 0.
/// <see cref="FundingOrganisation"/>: the paying employer's organisation number of an employer-paid prescription, so a
/// client that edits a draft (read, change, <c>PUT</c>) sends it back instead of dropping it.
/// </summary>
public sealed record PrescriptionView(
    Guid Id,
    PrescriptionStatus Status,
    PartyView Participant,
    ReferrerView Referrer,
    string? ReasonCode,
    string ReasonText,
    string Goals,
    IReadOnlyList<ActivityType> ActivityTypes,
    int SessionsPerWeek,
    int MinutesPerSession,
    DateOnly StartDate,
    DateOnly EndDate,
    int DurationWeeks,
    string? Precautions,
    CertificationKind? RequiredCompetence,
    int ConfirmationIntervalWeeks,
    FundingSource Funding,
    EligibilityView? Eligibility,
    PartyView? Provider,
    PartyView? Location,
    PartyView? Trainer,
    DateTimeOffset CreatedAt,
    DateTimeOffset? IssuedAt,
    IReadOnlyList<StatusChangeView> History,
    Guid? Replaces = null,
    Guid? ReplacedBy = null,
    bool DoseToBeSet = false,
    IReadOnlyList<PauseView>? Pauses = null,
    int MaxPauseWeeksTotal = PauseRules.DefaultMaxWeeksTotal,
    int PauseDaysLeft = 0,
    int PausedDays = 0,
    string? FundingOrganisation = null)
{
    /// <summary>
    /// The prescription's stored version when the view was loaded with it (a page read loads it in the same query, so a
    /// FHIR search needs no second round trip for <c>meta.versionId</c>); null when it was not loaded.
    /// </summary>
    public SavedVersion? Saved { get; init; }

    /// <summary>
    /// Need-to-know: gym staff learn that a prescription is state-reimbursed and until when, not which benefit the
    /// person lives on; only the referrer and the participant see that.
    /// The referral sent again after a rejection (<see cref="ReplacedBy"/>) is the referrer's and the participant's
    /// business, not the rejecting gym's. So is the person's employer (<see cref="FundingOrganisation"/>).
    /// </summary>
    public PrescriptionView For(Common.Auth.CurrentUser user) =>
        user.Is([.. Common.Auth.Roles.Prescribers, Common.Auth.Roles.Participant])
            ? this
            : this with
            {
                Eligibility = Eligibility is null ? null : Eligibility with { Benefit = null },
                ReplacedBy = null,
                FundingOrganisation = null,
                Pauses = Pauses?.Select(p => p with { Note = null }).ToList(),
            };
}

public sealed record PartyView(Guid Id, string Name);

/// <summary>A prescription's version number and when that version was saved (null for one older than the version table).</summary>
public sealed record SavedVersion(int Version, DateTimeOffset? RecordedAt);

/// <summary>
/// One pause: why, from and through which day, how many days it holds, and whether it was ended early. The note is
/// the participant's own words and is shown to them and the referrer only.
/// </summary>
public sealed record PauseView(Guid Id, PauseReason Reason, string? Note, DateOnly FirstDay, DateOnly LastDay, int Days, DateTimeOffset CreatedAt, DateTimeOffset? EndedEarlyAt);

public sealed record ReferrerView(Guid Id, string Name, string Hpr, string OrganisationName);

public sealed record EligibilityView(BenefitKind? Benefit, DateOnly? CoveredUntil, bool CoversWholePeriod);

public sealed record StatusChangeView(PrescriptionStatus? From, PrescriptionStatus To, DateTimeOffset At, string ActorRole, string? Reason);

/// <summary>One row of a prescription list.</summary>
public sealed record PrescriptionSummary(
    Guid Id,
    PrescriptionStatus Status,
    Guid ParticipantId,
    string ParticipantName,
    string ReasonText,
    DateOnly StartDate,
    int DurationWeeks,
    FundingSource Funding,
    Guid? ProviderId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? IssuedAt = null,
    ListAttendance? Attendance = null);

/// <summary>
/// A list row's adherence as the adherence job last computed it (<c>AdherenceCalculator</c>, stored as the snapshot):
/// attended of prescribed so far, their rate, and the last attendance. Null before anything was computed.
/// </summary>
public sealed record ListAttendance(int AttendedSessions, int PrescribedToDate, decimal? Rate, DateTimeOffset? LastAttendedAt);

