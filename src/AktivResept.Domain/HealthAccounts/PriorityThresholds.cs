namespace AktivResept.Domain.HealthAccounts;

/// <summary>One severity class: its absolute-shortfall band (QALYs) and the cost per QALY deemed acceptable.</summary>
public sealed record PriorityThreshold(int SeverityClass, decimal MinAbsoluteShortfall, decimal? MaxAbsoluteShortfall, decimal MaxNokPerQaly, string Source);

/// <summary>
/// The Norwegian priority thresholds by severity, as data. Severity is measured as absolute shortfall (QALYs lost
/// without the measure); the acceptable cost per QALY rises with it. Change them here only with a new source.
/// </summary>
public static class PriorityThresholds
{
    /// <summary>
    /// Meld. St. 34 (2015–2016) «Verdier i pasientens helsetjeneste — Melding om prioritering» (Helse- og
    /// omsorgsdepartementet) set the criteria and the severity-weighted willingness to pay; the Norwegian Medicines
    /// Agency (Statens legemiddelverk, now Direktoratet for medisinske produkter) «Arbeid med prioritering: alvorlighet
    /// og tilhørende betalingsvilje» (2018) operationalised them as six absolute-shortfall classes.
    /// </summary>
    public const string Source =
        "Meld. St. 34 (2015–2016) «Verdier i pasientens helsetjeneste»; Statens legemiddelverk, «Alvorlighet og tilhørende betalingsvilje» (2018)";

    public static readonly IReadOnlyList<PriorityThreshold> All =
    [
        new(1, 0m, 4m, 275_000m, Source),
        new(2, 4m, 8m, 385_000m, Source),
        new(3, 8m, 12m, 500_000m, Source),
        new(4, 12m, 16m, 605_000m, Source),
        new(5, 16m, 20m, 715_000m, Source),
        new(6, 20m, null, 825_000m, Source),
    ];
}
