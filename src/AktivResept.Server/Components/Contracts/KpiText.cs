using System.Globalization;
using AktivResept.Domain.Kpis;
using AktivResept.Server.Components.Localization;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Contracts;

/// <summary>How a KPI reads on the pages: its name, its parameters, its values in its unit and its requirement.</summary>
public static class KpiText
{
    /// <summary>The metric's name; a code the catalogue does not know is shown as it is.</summary>
    public static string Name(IStringLocalizer<UiText> t, string code) =>
        t[$"Kpi.Metric.{code}"] is { ResourceNotFound: false } name ? name.Value : code;

    /// <summary>The metric's name with its parameters, e.g. "Oppmøte innen uke N (uker: 12, andel: 75 %)".</summary>
    public static string Describe(IStringLocalizer<UiText> t, string code, IReadOnlyDictionary<string, string> parameters)
    {
        if (parameters.Count == 0)
        {
            return Name(t, code);
        }

        var parts = parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{ParameterName(t, p.Key)}: {ParameterValue(t, code, p.Key, p.Value)}");
        return $"{Name(t, code)} ({string.Join(", ", parts)})";
    }

    public static string ParameterName(IStringLocalizer<UiText> t, string name) =>
        t[$"Kpi.Parameter.{name}"] is { ResourceNotFound: false } text ? text.Value : name;

    /// <summary>A parameter's value for people: a share as a percentage, a benefit by its name, anything else as given.</summary>
    public static string ParameterValue(IStringLocalizer<UiText> t, string code, string name, string value)
    {
        var type = KpiCatalogue.TryFind(code, out var definition) ? definition.Parameter(name)?.Type : null;
        return type switch
        {
            KpiParameterType.Share when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var share) => Value(t, KpiUnit.Share, share),
            KpiParameterType.BenefitKind when Enum.TryParse<Domain.Eligibility.BenefitKind>(value, ignoreCase: true, out var benefit) => Labels.Benefit(t, benefit),
            _ => value,
        };
    }

    /// <summary>A KPI key ("code?name=value&amp;...", <c>KpiSpec.Key</c>) split into its metric code and parameters.</summary>
    public static (string Metric, IReadOnlyDictionary<string, string> Parameters) ParseKey(string key)
    {
        var query = key.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return (key, new Dictionary<string, string>());
        }

        var parameters = key[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
        return (key[..query], parameters);
    }

    /// <summary>The unit of a catalogue code (a share when the code is unknown).</summary>
    public static KpiUnit UnitOf(string code) => KpiCatalogue.TryFind(code, out var definition) ? definition.Unit : KpiUnit.Share;

    /// <summary>A value in its unit: "75 %", "12,5 dager", "3,2 per 1 000".</summary>
    public static string Value(IStringLocalizer<UiText> t, KpiUnit unit, decimal value) => unit switch
    {
        KpiUnit.Share => t["Kpi.Unit.Share", (value * 100).ToString("0.#", CultureInfo.CurrentCulture)],
        KpiUnit.Days => t["Kpi.Unit.Days", value.ToString("0.#", CultureInfo.CurrentCulture)],
        _ => t["Kpi.Unit.PerThousand", value.ToString("0.##", CultureInfo.CurrentCulture)],
    };

    /// <summary>The top of the chart's scale for a unit that has one.</summary>
    public static decimal? FixedMax(KpiUnit unit) => unit == KpiUnit.Share ? 1 : null;

    /// <summary>The requirement in words: "minst 75 %" or "høyst 14 dager".</summary>
    public static string Requirement(IStringLocalizer<UiText> t, KpiUnit unit, KpiDirection direction, decimal threshold) =>
        t[$"Kpi.Direction.{direction}", Value(t, unit, threshold)];

    public static string Period(IStringLocalizer<UiText> t, KpiPeriodKind kind) => t[$"Kpi.PeriodKind.{kind}"];

    public static string Category(IStringLocalizer<UiText> t, KpiCategory category) => t[$"Kpi.Category.{category}"];
}
