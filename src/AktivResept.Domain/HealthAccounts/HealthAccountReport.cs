using AktivResept.Domain.Outcomes;

namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// The health account of one scope and period (issue 16). Every count of persons is null where small-cell suppression
/// hides it, and every mean, interval or share computed from fewer than five persons is null too. The report echoes
/// its assumptions and the priority thresholds it compares with, so it can be read on its own.
/// </summary>
public sealed record HealthAccountReport(
    AccountPeriod Period,
    AccountAssumptions Assumptions,
    string EffectLabel,
    AccountFunnel Funnel,
    IReadOnlyList<WeeklyAdherence> AdherenceByWeek,
    IReadOnlyList<CohortOutcomeChange> OutcomeChanges,
    IReadOnlyList<ArmComparison> ArmComparisons,
    CostAccount Costs,
    IReadOnlyList<QalyAccount> Qalys,
    SickLeaveAccount SickLeave,
    IReadOnlyList<PriorityThreshold> Thresholds);

/// <summary>The first and last day of the account's period (Oslo calendar days).</summary>
public sealed record AccountPeriod(DateOnly From, DateOnly To);

/// <summary>
/// Stable codes of the label every effect carries; the UI renders them («før–etter, ikke årsakssammenheng»).
/// </summary>
public static class EffectLabels
{
    /// <summary>No allocation in the scope: the change from baseline is before–after, not causal.</summary>
    public const string BeforeAfter = "health-account.before-after-not-causal";

    /// <summary>The scope's participants carry an allocation arm: arms are compared.</summary>
    public const string ArmComparison = "health-account.arm-comparison";
}

/// <summary>
/// The funnel as published tables sharing one margin: <see cref="Total"/> is the whole scope, <see cref="Quarters"/>
/// splits it by the quarter of referral (so consecutive periods are one table with its margin, not separate reports),
/// and <see cref="Breakdowns"/> split it by benefit group, age band, sex and municipality (equity).
/// </summary>
public sealed record AccountFunnel(
    IReadOnlyList<string> Stages,
    FunnelRow Total,
    FunnelTable Quarters,
    IReadOnlyList<FunnelTable> Breakdowns);

/// <summary>One published table: a row per group, a column per stage of <see cref="AccountFunnel.Stages"/>; its rows add up to the funnel's total.</summary>
public sealed record FunnelTable(string Dimension, IReadOnlyList<FunnelRow> Rows);

/// <summary>Persons at each stage (null where suppressed), in the order of <see cref="AccountFunnel.Stages"/>.</summary>
public sealed record FunnelRow(string Group, IReadOnlyList<int?> Counts);

/// <summary>Stage codes of the funnel and dimension codes of its tables.</summary>
public static class FunnelStages
{
    public const string Referred = "referred";
    public const string Accepted = "accepted";
    public const string Started = "started";
    public const string AdherentAtWeek12 = "adherent-week-12";
    public const string Completed = "completed";

    /// <summary>Followed up at a timepoint: a current measurement at it (e.g. <c>followed-up:m6</c>).</summary>
    public const string FollowedUpPrefix = "followed-up:";

    public const string Quarter = "quarter";
    public const string Benefit = "benefit";
    public const string AgeBand = "age-band";
    public const string Sex = "sex";
    public const string Municipality = "municipality";

    /// <summary>The benefit group of a person with none.</summary>
    public const string NoBenefit = "none";
}

/// <summary>Week <see cref="Week"/> (1-based) of the prescriptions that reached it: how many, and the share adherent.</summary>
public sealed record WeeklyAdherence(int Week, int? Participants, double? ShareAdherent);

/// <summary>
/// Change of one instrument from baseline to one timepoint, under the assumed missing-data handling and side by side
/// under the alternative.
/// </summary>
public sealed record CohortOutcomeChange(
    string Instrument,
    string Timepoint,
    string Unit,
    ChangeDirection Direction,
    decimal? Mcid,
    string EffectLabel,
    ChangeEstimate Primary,
    ChangeEstimate Alternative);

/// <summary>
/// A mean paired difference (timepoint minus baseline) with its 95 % t interval: <see cref="WithBaseline"/> persons
/// had a baseline, <see cref="Analysed"/> entered the mean, <see cref="Missing"/> had no measurement at the timepoint
/// (under an imputing handling they are analysed too, and counted as missing all the same).
/// </summary>
public sealed record ChangeEstimate(
    MissingDataHandling Handling,
    int? WithBaseline,
    int? Analysed,
    int? Missing,
    ConfidenceInterval? MeanChange,
    double? ShareReachingMcid);

/// <summary>An estimate with its two-sided 95 % confidence interval.</summary>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper);

/// <summary>
/// Where participants carry an allocation arm: an arm's mean change minus the reference arm's, with a Welch t
/// interval, under the primary missing-data handling.
/// </summary>
public sealed record ArmComparison(
    string Instrument,
    string Timepoint,
    string Arm,
    string ReferenceArm,
    int? ArmAnalysed,
    int? ReferenceAnalysed,
    ConfidenceInterval? Difference);

/// <summary>
/// Costs to the øre: claims by payer, costs entered outside the claims by label, the total, and per participant
/// (persons who started) and per completer; the per-person figures are null when fewer than five persons.
/// </summary>
public sealed record CostAccount(
    IReadOnlyList<PayerCost> ByPayer,
    IReadOnlyList<LabelledCost> Other,
    decimal ClaimsTotal,
    decimal OtherTotal,
    decimal Total,
    decimal? PerParticipant,
    decimal? PerCompleter);

/// <summary>One payer's claims, its costs entered outside the claims, and their sum.</summary>
public sealed record PayerCost(CostPayer Payer, decimal Claims, decimal Other, decimal Total);

/// <summary>The costs entered outside the claims under one label and payer.</summary>
public sealed record LabelledCost(string Label, CostPayer Payer, decimal Amount);

/// <summary>
/// QALYs gained up to one EQ-5D-5L timepoint (baseline-adjusted area under the curve, discounted), under the assumed
/// missing-data handling and the alternative side by side.
/// </summary>
public sealed record QalyAccount(string Timepoint, string EffectLabel, QalyEstimate Primary, QalyEstimate Alternative);

/// <summary>
/// Mean QALY gain per person with its 95 % interval, the cost per QALY gained (cost per participant divided by the
/// mean gain; null when there is no gain), and how it compares with each severity class's threshold.
/// </summary>
public sealed record QalyEstimate(
    MissingDataHandling Handling,
    int? Analysed,
    int? Missing,
    ConfidenceInterval? MeanGain,
    decimal? CostPerQaly,
    IReadOnlyList<ThresholdComparison> Thresholds);

/// <summary>Whether the cost per QALY is within one severity class's threshold (null when there is no cost per QALY).</summary>
public sealed record ThresholdComparison(int SeverityClass, decimal MaxNokPerQaly, bool? Within);

/// <summary>
/// Days of sickness benefit or AAP per participant in the window before the start and the same-length window after
/// the end, the mean change with its interval, and its value at the daily cost (negative = fewer days = saved).
/// </summary>
public sealed record SickLeaveAccount(
    int WindowDays,
    decimal DailyCostNok,
    int? Participants,
    double? MeanDaysBefore,
    double? MeanDaysAfter,
    ConfidenceInterval? MeanChange,
    decimal? ValuePerParticipant);
