using AktivResept.Domain.Adherence;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Features.Attendance;

namespace AktivResept.Server.Features.Claims.Generation;

/// <summary>An attendance record that may be billed, as read for claim generation.</summary>
public sealed record SessionRow(
    Guid Id,
    Guid PrescriptionId,
    Guid ParticipantId,
    AttendanceKind Kind,
    AttendanceSource Source,
    DateTimeOffset OccurredAt,
    Guid? TrainerId,
    Guid? LocationId,
    int? DurationMinutes,
    ServiceType? Service = null);

/// <summary>A prescription with the participant facts claim rules need.</summary>
public sealed record PrescriptionRow(
    Guid Id,
    Guid ParticipantId,
    FundingSource Funding,
    string? FundingOrganisation,
    DateOnly Start,
    int DurationWeeks,
    int SessionsPerWeek,
    int MinutesPerSession,
    Guid? ProviderId,
    Guid? TrainerId,
    CertificationKind? RequiredCompetence,
    string NationalIdHash,
    string Kommunenummer,
    int PausedDays = 0)
{
    public ClaimPrescription ToDomain(IReadOnlyList<BenefitPeriod> benefits) =>
        new(Id, Funding, Start, PrescriptionPeriod.EndOf(Start, DurationWeeks, PausedDays), SessionsPerWeek, DurationWeeks, ProviderId, RequiredCompetence, benefits);
}

/// <summary>Everything one generation reads, loaded up front so validation runs without further round trips.</summary>
public sealed record ClaimInputs(
    IReadOnlyList<SessionRow> Sessions,
    IReadOnlyDictionary<Guid, PrescriptionRow> Prescriptions,
    ILookup<string, BenefitPeriod> BenefitsByPerson,
    ILookup<Guid, Certification> CertificationsByTrainer,
    ILookup<Guid, ClaimedSession> ClaimedByPrescription,
    IReadOnlySet<(Guid Participant, DateOnly Day)> GymEventDays,
    IReadOnlySet<Guid> TrainerInTwoPlaces);
