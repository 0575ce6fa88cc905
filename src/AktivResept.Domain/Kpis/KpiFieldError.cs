using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Kpis;

/// <summary>A validation error and the field it belongs to ("metric", "threshold", "parameters.weeks"...), relative to the KPI.</summary>
public sealed record KpiFieldError(string Field, Error Error);
