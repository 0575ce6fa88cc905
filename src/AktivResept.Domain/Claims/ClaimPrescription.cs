using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Claims;

/// <summary>What claim validation needs to know about a prescription and its participant.</summary>
public sealed record ClaimPrescription(
    Guid Id,
    FundingSource Funding,
    DateOnly Start,
    DateOnly End,
    int SessionsPerWeek,
    int DurationWeeks,
    Guid? AcceptedProviderId,
    CertificationKind? RequiredCompetence,
    IReadOnlyList<BenefitPeriod> Benefits)
{
    /// <summary>The dose cap over the whole prescription.</summary>
    public int TotalSessions => SessionsPerWeek * DurationWeeks;

    public bool HadBenefitOn(DateOnly day) => Benefits.Any(b => b.Covers(day));

    public bool HadBenefitOn(DateOnly day, IReadOnlyCollection<BenefitKind> kinds) => Benefits.Any(b => kinds.Contains(b.Kind) && b.Covers(day));

    /// <summary>Only these funding sources produce claims; self-paid training is settled between participant and gym.</summary>
    public static bool IsClaimable(FundingSource funding) => funding is not FundingSource.SelfPaid;
}
