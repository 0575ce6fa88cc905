using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Outcomes;

/// <summary>A field named with what is wrong with it (<c>values.days-per-week</c>, <c>unit</c>, <c>instrument</c>).</summary>
public sealed record OutcomeFieldError(string Field, Error Error);

/// <summary>One part of a reading as given: its value and, optionally, the unit it was given in.</summary>
public sealed record PartReading(decimal? Value, string? Unit = null);

/// <summary>
/// Checks a reading of an instrument (every part present, known, in its unit, whole where it must be, inside its
/// plausible range, and the instrument's own cross-checks) and computes its score: the EVS as days × minutes, BMI from
/// weight and height, the EQ-5D-5L index from the configured value set, otherwise the single reading (systolic for blood pressure).
/// </summary>
public static class InstrumentScoring
{
    public static IReadOnlyList<OutcomeFieldError> Validate(Instrument instrument, IReadOnlyDictionary<string, PartReading> parts)
    {
        var found = new List<OutcomeFieldError>();
        var allowed = string.Join(", ", instrument.Components.Select(c => c.Key));
        foreach (var key in parts.Keys.Where(k => instrument.Component(k) is null).Order(StringComparer.Ordinal))
        {
            found.Add(new($"values.{key}", ErrorCodes.OutcomeUnknownPart.With(("instrument", instrument.Code), ("allowed", allowed))));
        }

        var missing = instrument.Components.Where(c => !parts.TryGetValue(c.Key, out var p) || p.Value is null).Select(c => c.Key).ToList();
        if (instrument.Code == InstrumentCatalogue.Eq5d5l && missing.Count > 0)
        {
            found.Add(new($"values.{missing[0]}", ErrorCodes.OutcomeEq5dIncomplete.With(("missing", string.Join(", ", missing)))));
        }
        else
        {
            found.AddRange(missing.Select(key => new OutcomeFieldError($"values.{key}", ErrorCodes.Required)));
        }

        foreach (var component in instrument.Components)
        {
            if (!parts.TryGetValue(component.Key, out var part) || part.Value is not { } value)
            {
                continue;
            }

            var field = $"values.{component.Key}";
            if (part.Unit is { } unit && !string.Equals(unit.Trim(), component.Unit, StringComparison.Ordinal))
            {
                found.Add(new(instrument.Components.Count == 1 ? "unit" : $"{field}.unit", ErrorCodes.OutcomeUnit.With(("unit", component.Unit))));
            }
            else if (component.WholeNumber && decimal.Truncate(value) != value)
            {
                found.Add(new(field, ErrorCodes.OutcomeWholeNumber));
            }
            else if (value < component.Min || value > component.Max)
            {
                // As doubles: a decimal argument is money to the error texts ("kr 60,00"); a reading is a plain number.
                found.Add(new(field, ErrorCodes.Between.With(("min", (double)component.Min), ("max", (double)component.Max))));
            }
        }

        if (found.Count == 0 && instrument.Code == InstrumentCatalogue.BloodPressure &&
            parts["diastolic"].Value >= parts["systolic"].Value)
        {
            found.Add(new("values.diastolic", ErrorCodes.OutcomeDiastolicNotBelowSystolic.With(("systolic", (double)parts["systolic"].Value!.Value))));
        }

        return found;
    }

    /// <summary>The score of a reading <see cref="Validate"/> accepted, rounded to the instrument's decimals.</summary>
    public static decimal Score(Instrument instrument, IReadOnlyDictionary<string, decimal> values, Eq5dValueSet valueSet)
    {
        var score = instrument.Code switch
        {
            InstrumentCatalogue.ExerciseVitalSign => values["days-per-week"] * values["minutes-per-day"],
            InstrumentCatalogue.WeightBmi => values["weight"] / (values["height"] / 100m * (values["height"] / 100m)),
            InstrumentCatalogue.BloodPressure => values["systolic"],
            InstrumentCatalogue.Eq5d5l => valueSet.Index([.. InstrumentCatalogue.Eq5dDimensions.Select(d => (int)values[d])]),
            _ => values[InstrumentCatalogue.Value],
        };
        return Math.Round(score, instrument.Decimals, MidpointRounding.AwayFromZero);
    }
}
