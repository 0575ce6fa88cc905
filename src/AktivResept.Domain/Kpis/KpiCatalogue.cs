using System.Globalization;
using AktivResept.Domain.Adherence;
using static AktivResept.Domain.Kpis.KpiCategory;
using static AktivResept.Domain.Kpis.KpiDirection;

namespace AktivResept.Domain.Kpis;

/// <summary>
/// The KPI catalogue: every metric a contract may require, as data. Codes never change once published. Exact
/// definitions (cohort, numerator, denominator, value) are in docs/kpis.md and <see cref="KpiEngine"/>.
/// </summary>
public static class KpiCatalogue
{
    public const int MaxDays = 3650;

    public static readonly IReadOnlyList<KpiDefinition> All =
    [
        new(KpiMetric.AdherenceByWeek, "adherence-by-week", KpiUnit.Share, 0, 1, AtLeast, Result,
        [
            new("weeks", KpiParameterType.Integer, Required: false, Default: DoseReached.DefaultWeeks.ToString(CultureInfo.InvariantCulture), Min: 1, Max: 52),
            new("share", KpiParameterType.Share, Required: false, Default: DoseReached.DefaultShare.ToString(CultureInfo.InvariantCulture), Min: 0.01m, Max: 1),
        ]),
        new(KpiMetric.CompletionRate, "completion-rate", KpiUnit.Share, 0, 1, AtLeast, Result, []),
        new(KpiMetric.DropoutRate, "dropout-rate", KpiUnit.Share, 0, 1, AtMost, Result, []),
        new(KpiMetric.MedianWeeklyAdherence, "median-weekly-adherence", KpiUnit.Share, 0, 1, AtLeast, Result, []),
        new(KpiMetric.WaitingDaysMedian, "waiting-days-median", KpiUnit.Days, 0, MaxDays, AtMost, Quality, []),
        new(KpiMetric.WaitingDaysP90, "waiting-days-p90", KpiUnit.Days, 0, MaxDays, AtMost, Quality, []),
        new(KpiMetric.CapacityUtilisation, "capacity-utilisation", KpiUnit.Share, 0, 1, AtLeast, Quality,
            [new("location", KpiParameterType.LocationId, Required: false, Default: null, Min: null, Max: null)]),
        new(KpiMetric.AnsweredWithinDays, "answered-within-days", KpiUnit.Share, 0, 1, AtLeast, Quality,
            [new("days", KpiParameterType.Integer, Required: false, Default: "7", Min: 1, Max: 90)]),
        new(KpiMetric.CertifiedTrainerShare, "certified-trainer-share", KpiUnit.Share, 0, 1, AtLeast, Quality, []),
        new(KpiMetric.EquityReach, "equity-reach", KpiUnit.PerThousand, 0, 1000, AtLeast, Result,
            [new("benefit", KpiParameterType.BenefitKind, Required: false, Default: null, Min: null, Max: null)]),
    ];

    private static readonly Dictionary<string, KpiDefinition> ByCode = All.ToDictionary(d => d.Code, StringComparer.Ordinal);

    private static readonly Dictionary<KpiMetric, KpiDefinition> ByMetric = All.ToDictionary(d => d.Metric);

    public static bool TryFind(string? code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KpiDefinition? definition)
    {
        definition = null;
        return code is not null && ByCode.TryGetValue(code, out definition);
    }

    public static KpiDefinition Get(KpiMetric metric) => ByMetric[metric];
}
