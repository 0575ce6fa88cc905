namespace AktivResept.Domain.Kpis;

/// <summary>
/// One entry of the KPI catalogue: the metric's wire code, the unit and range of its values (a threshold must lie in
/// it), the direction and category a requirement gets unless it says otherwise, and the parameters it takes.
/// </summary>
public sealed record KpiDefinition(
    KpiMetric Metric,
    string Code,
    KpiUnit Unit,
    decimal Min,
    decimal Max,
    KpiDirection DefaultDirection,
    KpiCategory DefaultCategory,
    IReadOnlyList<KpiParameterSpec> Parameters)
{
    public KpiParameterSpec? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
}

/// <summary>A parameter a metric takes; <see cref="Min"/>/<see cref="Max"/> bound Integer and Share values.</summary>
public sealed record KpiParameterSpec(string Name, KpiParameterType Type, bool Required, string? Default, decimal? Min, decimal? Max);
