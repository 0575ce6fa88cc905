namespace AktivResept.Domain.Outcomes;

/// <summary>A current measurement as the change rule needs it: instrument, timepoint, when measured and its score.</summary>
public sealed record ScoredMeasurement(string Instrument, string? Timepoint, DateTimeOffset EffectiveAt, decimal Score);

/// <summary>Baseline → end of period for one instrument, with whether the change reaches the MCID in the better direction.</summary>
public sealed record OutcomeChange(string Instrument, string Unit, decimal Baseline, decimal End, decimal Change, decimal? Mcid, bool? Important);

/// <summary>
/// The one definition of a prescription's baseline → end change, used by the referrer's page, the REST summary and the
/// completion summary alike: per instrument that has a better direction, the latest current measurement at the
/// <c>baseline</c> timepoint against the latest at <c>end</c>; the change reaches the MCID when it is at least the MCID
/// in the better direction (null when the instrument has no MCID). Instruments without both are left out.
/// </summary>
public static class OutcomeChanges
{
    public const string Baseline = "baseline";
    public const string End = "end";

    public static IReadOnlyList<OutcomeChange> BaselineToEnd(IEnumerable<ScoredMeasurement> current)
    {
        var ordered = current.OrderBy(m => m.EffectiveAt).ToList();
        var changes = new List<OutcomeChange>();
        foreach (var instrument in InstrumentCatalogue.All.Where(i => i.Direction != ChangeDirection.None))
        {
            var baseline = ordered.LastOrDefault(m => m.Instrument == instrument.Code && m.Timepoint == Baseline);
            var end = ordered.LastOrDefault(m => m.Instrument == instrument.Code && m.Timepoint == End);
            if (baseline is null || end is null)
            {
                continue;
            }

            var change = end.Score - baseline.Score;
            bool? important = instrument.Mcid is { } mcid
                ? (instrument.Direction == ChangeDirection.HigherIsBetter ? change : -change) >= mcid.Value
                : null;
            changes.Add(new(instrument.Code, instrument.Unit, baseline.Score, end.Score, change, instrument.Mcid?.Value, important));
        }

        return changes;
    }
}
