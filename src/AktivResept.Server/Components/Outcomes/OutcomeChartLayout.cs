using AktivResept.Domain.Outcomes;
using AktivResept.Server.Features.Outcomes;

namespace AktivResept.Server.Components.Outcomes;

/// <summary>
/// Where one instrument's measurements go in its server-drawn SVG: one column per measurement in time order, a y axis
/// spanning the scores (and the clinically important change from the baseline, so its line is always inside).
/// </summary>
public sealed class OutcomeChartLayout
{
    public const int Column = 72;
    public const int Left = 52;
    public const int Top = 14;
    public const int PlotHeight = 130;
    public const int Bottom = 40;

    public OutcomeChartLayout(Instrument instrument, IReadOnlyList<OutcomeView> points)
    {
        Points = points;
        Baseline = points.FirstOrDefault(p => p.Timepoint == "baseline") ?? (points.Count > 0 ? points[0] : null);
        if (Baseline is not null && instrument.Mcid is { } mcid && instrument.Direction != ChangeDirection.None)
        {
            Target = instrument.Direction == ChangeDirection.HigherIsBetter ? Baseline.Score + mcid.Value : Baseline.Score - mcid.Value;
        }

        var values = points.Select(p => p.Score).Concat(Target is { } t ? [t] : []).ToList();
        var low = values.Count == 0 ? 0 : values.Min();
        var high = values.Count == 0 ? 1 : values.Max();
        var pad = high == low ? Math.Max(1m, Math.Abs(high) * 0.1m) : (high - low) * 0.15m;
        Min = low - pad;
        Max = high + pad;
        Width = Left + (Math.Max(points.Count, 3) * Column) + 12;
    }

    public IReadOnlyList<OutcomeView> Points { get; }

    public OutcomeView? Baseline { get; }

    /// <summary>Baseline ± the MCID in the better direction: a change past this line is clinically important.</summary>
    public decimal? Target { get; }

    public decimal Min { get; }

    public decimal Max { get; }

    public int Width { get; }

    public static int Height => Top + PlotHeight + Bottom;

    public static int Axis => Top + PlotHeight;

    public double Y(decimal value) => Axis - (double)((value - Min) / (Max - Min)) * PlotHeight;

    public static double X(int index) => Left + (index * Column) + (Column / 2.0);

    public IEnumerable<decimal> Ticks => [Min + ((Max - Min) * 0.1m), (Min + Max) / 2, Max - ((Max - Min) * 0.1m)];
}
