using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// Everything the health account (issue 16) reads for one scope and period: one row per prescription in the scope, and
/// the costs entered outside the claims. The server's loader builds it from the database; the calculator is pure.
/// </summary>
public sealed record AccountCohort(IReadOnlyList<AccountParticipant> Participants, IReadOnlyList<OtherCost> OtherCosts)
{
    public static readonly AccountCohort Empty = new([], []);

    /// <summary>
    /// The account's period (Oslo calendar days), for its quarters; null: from the earliest to the latest referral.
    /// Added for the calculator (h16dom); set it with <c>with { Period = ... }</c> or an initializer.
    /// </summary>
    public AccountPeriod? Period { get; init; }
}

/// <summary>
/// One prescription in the scope and what became of it. The funnel flags come from the rules that own them (the
/// lifecycle for accepted/completed, <c>CountableSession</c> for started, the adherence calculator's verdict at week 12),
/// so the account never redefines them. <see cref="PersonKey"/> links several prescriptions of one person and is never
/// shown. <see cref="Arm"/> is the pilot allocation's arm (or stepped-wedge step) when the scope has one, else null.
/// <see cref="AdherentByWeek"/> is the adherence calculator's verdict at the end of each week of the period so far
/// (index 0 = week 1), for the adherence-over-weeks chart. <see cref="Status"/> is the prescription's lifecycle status
/// as the account reads it (its final status once it has ended).
/// </summary>
public sealed record AccountParticipant(
    Guid PersonKey,
    Guid PrescriptionId,
    DateOnly ReferredOn,
    DateOnly StartDate,
    DateOnly EndDate,
    bool Accepted,
    bool Started,
    bool AdherentAtWeek12,
    bool Completed,
    PrescriptionStatus Status,
    BenefitKind? Benefit,
    int AgeAtReferral,
    PersonSex Sex,
    string Kommunenummer,
    string? Arm,
    IReadOnlyList<bool> AdherentByWeek,
    IReadOnlyList<AccountMeasurement> Measurements,
    IReadOnlyList<AccountCost> Costs,
    IReadOnlyList<AccountBenefitPeriod> IncomeBenefitPeriods)
{
    /// <summary>
    /// Whether the prescription ended as dropped out: the lifecycle's <see cref="PrescriptionStatus.DroppedOut"/>, what the
    /// dropout-rate KPI counts (<c>KpiMeasures.DropoutRate</c>), never a rule of the account's own.
    /// </summary>
    public bool DroppedOut => Status == PrescriptionStatus.DroppedOut;
}

/// <summary>Sex as the synthetic national id's individual number gives it (odd = male, even = female).</summary>
public enum PersonSex
{
    Female,
    Male,
}

/// <summary>The current (not superseded) version of one measurement: its instrument's score at a schedule timepoint.</summary>
public sealed record AccountMeasurement(string Instrument, string Timepoint, decimal Score, DateOnly Day);

/// <summary>Who bears a cost.</summary>
public enum CostPayer
{
    /// <summary>The state (HELFO-like payer of benefit-based claims).</summary>
    State,

    /// <summary>A municipality (contract claims, or its own costs entered outside claims).</summary>
    Municipality,

    /// <summary>An employer (occupational health).</summary>
    Employer,

    /// <summary>The gym's private co-financing share (the contract's share, as claims compute it).</summary>
    PrivateCoFinancing,

    /// <summary>What the participant paid.</summary>
    Copay,
}

/// <summary>
/// One cost of one prescription from an approved claim line: the public share goes to the claim's payer kind, the copay
/// to <see cref="CostPayer.Copay"/>, the co-financing to <see cref="CostPayer.PrivateCoFinancing"/>. Credits are negative.
/// </summary>
public sealed record AccountCost(CostPayer Payer, decimal Amount, DateOnly Day);

/// <summary>A registry period of an income benefit (sykepenger or AAP) for the person; <c>To</c> null while open.</summary>
public sealed record AccountBenefitPeriod(BenefitKind Kind, DateOnly From, DateOnly? To);

/// <summary>A cost entered outside the claims and labelled (e.g. a municipality's own instructors), for the whole scope.</summary>
public sealed record OtherCost(string Label, CostPayer Payer, decimal Amount, DateOnly Day);
