namespace AktivResept.Domain.Kpis;

/// <summary>The calendar unit a KPI is evaluated over (Oslo calendar). Wire names: Month, Quarter, Year.</summary>
public enum KpiPeriodKind
{
    Month,
    Quarter,
    Year,
}

/// <summary>Which side of the threshold meets the requirement: value &gt;= threshold, or value &lt;= threshold.</summary>
public enum KpiDirection
{
    AtLeast,
    AtMost,
}

/// <summary>The judgement of one period: met, not met, or too few participants (or no figure) to judge.</summary>
public enum KpiVerdict
{
    Met,
    NotMet,
    TooFew,
}

/// <summary>Issue 11's two kinds of requirement on what a gym delivers: quality of the service, and results.</summary>
public enum KpiCategory
{
    Quality,
    Result,
}

/// <summary>What a value means: a share 0–1 (4 decimals), a number of days (1 decimal), or per 1,000 (2 decimals).</summary>
public enum KpiUnit
{
    Share,
    Days,
    PerThousand,
}

/// <summary>What a parameter value must be: a whole number, a share 0–1, a location id (uuid), or a benefit name.</summary>
public enum KpiParameterType
{
    Integer,
    Share,
    LocationId,
    BenefitKind,
}

/// <summary>
/// The metrics the engine can measure. Wire codes (stable, see <see cref="KpiCatalogue"/>) are kebab-case; the enum
/// is only the in-process name. Outcome metrics are added here with a definition and a measure function.
/// </summary>
public enum KpiMetric
{
    AdherenceByWeek,
    CompletionRate,
    DropoutRate,
    MedianWeeklyAdherence,
    WaitingDaysMedian,
    WaitingDaysP90,
    CapacityUtilisation,
    AnsweredWithinDays,
    CertifiedTrainerShare,
    EquityReach,
}
