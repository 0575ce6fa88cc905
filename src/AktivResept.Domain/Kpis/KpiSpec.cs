using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Kpis;

/// <summary>
/// A KPI requirement as the engine judges it: metric, parameters (normalised, defaults filled in), threshold, direction,
/// evaluation period and the minimum number of participants below which the verdict is "too few".
/// Build it with <see cref="TryCreate"/>, which checks every field against the catalogue.
/// </summary>
public sealed record KpiSpec(
    KpiMetric Metric,
    IReadOnlyDictionary<string, string> Parameters,
    decimal Threshold,
    KpiDirection Direction,
    KpiPeriodKind Period,
    int MinimumParticipants)
{
    public const int MaxMinimumParticipants = 100_000;

    public KpiDefinition Definition => KpiCatalogue.Get(Metric);

    /// <summary>
    /// The identity of the KPI across contract versions: code plus its effective parameters sorted by name,
    /// e.g. "adherence-by-week?share=0.75&amp;weeks=12". Threshold, direction and period are not part of it.
    /// </summary>
    public string Key
    {
        get
        {
            var definition = Definition;
            var pairs = definition.Parameters
                .Select(p => (p.Name, Value: Effective(p)))
                .Where(p => p.Value is not null)
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => $"{p.Name}={p.Value}")
                .ToList();
            return pairs.Count == 0 ? definition.Code : $"{definition.Code}?{string.Join('&', pairs)}";
        }
    }

    /// <summary>Checks the fields of a requirement; an empty list means <see cref="TryCreate"/> succeeds.</summary>
    public static IReadOnlyList<KpiFieldError> Validate(
        string? metric, IReadOnlyDictionary<string, string>? parameters, decimal? threshold, KpiDirection? direction,
        KpiPeriodKind? period, int? minimumParticipants)
    {
        TryCreate(metric, parameters, threshold, direction, period, minimumParticipants, out _, out var errors);
        return errors;
    }

    /// <summary>
    /// Builds a spec from what a caller sent, or every field error (unknown metric, threshold outside the metric's
    /// range, unknown or invalid parameter, missing period, minimum below 1). Direction defaults to the metric's.
    /// </summary>
    public static bool TryCreate(
        string? metric, IReadOnlyDictionary<string, string>? parameters, decimal? threshold, KpiDirection? direction,
        KpiPeriodKind? period, int? minimumParticipants,
        [NotNullWhen(true)] out KpiSpec? spec, out IReadOnlyList<KpiFieldError> errors)
    {
        var found = new List<KpiFieldError>();
        spec = null;
        KpiDefinition? definition = null;
        if (string.IsNullOrWhiteSpace(metric))
        {
            found.Add(new("metric", ErrorCodes.Required));
        }
        else if (!KpiCatalogue.TryFind(metric, out definition))
        {
            found.Add(new("metric", ErrorCodes.KpiUnknownMetric.With(
                ("metric", metric), ("allowed", string.Join(", ", KpiCatalogue.All.Select(d => d.Code))))));
        }

        var normalised = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (definition is not null)
        {
            ReadParameters(definition, parameters ?? new Dictionary<string, string>(), normalised, found);
        }

        if (threshold is not { } value)
        {
            found.Add(new("threshold", ErrorCodes.Required));
        }
        else if (definition is not null && (value < definition.Min || value > definition.Max))
        {
            found.Add(new("threshold", ErrorCodes.KpiThresholdOutOfRange.With(
                ("metric", definition.Code), ("min", Canonical(definition.Min)), ("max", Canonical(definition.Max)))));
        }

        if (direction is { } d && !Enum.IsDefined(d))
        {
            found.Add(new("direction", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<KpiDirection>())))));
        }

        if (period is not { } p)
        {
            found.Add(new("period", ErrorCodes.Required));
        }
        else if (!Enum.IsDefined(p))
        {
            found.Add(new("period", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<KpiPeriodKind>())))));
        }

        if (minimumParticipants is not { } minimum)
        {
            found.Add(new("minimumParticipants", ErrorCodes.Required));
        }
        else if (minimum is < 1 or > MaxMinimumParticipants)
        {
            found.Add(new("minimumParticipants", ErrorCodes.Between.With(("min", 1), ("max", MaxMinimumParticipants))));
        }

        errors = found;
        if (found.Count > 0)
        {
            return false;
        }

        spec = new KpiSpec(definition!.Metric, normalised, threshold!.Value, direction ?? definition.DefaultDirection,
            period!.Value, minimumParticipants!.Value);
        return true;
    }

    /// <summary>An Integer parameter's value, its default when not given.</summary>
    public int IntegerParameter(string name) => int.Parse(Effective(name)!, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>A Share parameter's value, its default when not given.</summary>
    public decimal ShareParameter(string name) => decimal.Parse(Effective(name)!, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>An optional LocationId parameter, null when not given.</summary>
    public Guid? LocationParameter(string name) => Effective(name) is { } value ? Guid.Parse(value) : null;

    /// <summary>An optional BenefitKind parameter, null when not given.</summary>
    public BenefitKind? BenefitParameter(string name) => Effective(name) is { } value ? Enum.Parse<BenefitKind>(value, ignoreCase: true) : null;

    private string? Effective(string name) =>
        Definition.Parameter(name) is { } parameter ? Effective(parameter) : throw new ArgumentException($"{Definition.Code} has no parameter {name}.", nameof(name));

    private string? Effective(KpiParameterSpec parameter) =>
        Parameters.TryGetValue(parameter.Name, out var given) && Normalise(parameter, given, out var value) ? value : parameter.Default;

    private static void ReadParameters(
        KpiDefinition definition, IReadOnlyDictionary<string, string> given, SortedDictionary<string, string> normalised, List<KpiFieldError> errors)
    {
        foreach (var name in given.Keys.Order(StringComparer.Ordinal))
        {
            if (definition.Parameter(name) is null)
            {
                errors.Add(new($"parameters.{name}", ErrorCodes.KpiParameterUnknown.With(
                    ("metric", definition.Code), ("parameter", name),
                    ("allowed", definition.Parameters.Count == 0 ? "-" : string.Join(", ", definition.Parameters.Select(p => p.Name))))));
            }
        }

        foreach (var parameter in definition.Parameters)
        {
            var field = $"parameters.{parameter.Name}";
            if (!given.TryGetValue(parameter.Name, out var raw) || string.IsNullOrWhiteSpace(raw))
            {
                if (parameter.Required)
                {
                    errors.Add(new(field, ErrorCodes.Required));
                }
                else if (parameter.Default is { } fallback)
                {
                    normalised[parameter.Name] = fallback;
                }

                continue;
            }

            if (!Normalise(parameter, raw, out var value))
            {
                errors.Add(new(field, parameter.Type == KpiParameterType.BenefitKind
                    ? ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<BenefitKind>())))
                    : ErrorCodes.KpiParameterInvalid.With(("parameter", parameter.Name), ("value", raw), ("type", parameter.Type))));
            }
            else if (parameter.Type is KpiParameterType.Integer or KpiParameterType.Share
                && decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture) is var number
                && ((parameter.Min is { } min && number < min) || (parameter.Max is { } max && number > max)))
            {
                errors.Add(new(field, ErrorCodes.Between.With(("min", Canonical(parameter.Min ?? 0)), ("max", Canonical(parameter.Max ?? 0)))));
            }
            else
            {
                normalised[parameter.Name] = value;
            }
        }
    }

    /// <summary>The one spelling of a parameter value the key and the stored JSON use.</summary>
    private static bool Normalise(KpiParameterSpec parameter, string raw, [NotNullWhen(true)] out string? value)
    {
        value = null;
        var text = raw.Trim();
        switch (parameter.Type)
        {
            case KpiParameterType.Integer when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                value = integer.ToString(CultureInfo.InvariantCulture);
                break;
            case KpiParameterType.Share when decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share):
                value = Canonical(share);
                break;
            case KpiParameterType.LocationId when Guid.TryParse(text, out var location):
                value = location.ToString("D");
                break;
            case KpiParameterType.BenefitKind when !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) && Enum.TryParse<BenefitKind>(text, ignoreCase: true, out var benefit):
                value = benefit.ToString();
                break;
        }

        return value is not null;
    }

    private static string Canonical(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
