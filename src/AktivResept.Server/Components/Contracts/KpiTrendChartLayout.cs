using System.Globalization;
using System.Text;
using AktivResept.Domain.Kpis;

namespace AktivResept.Server.Components.Contracts;

/// <summary>
/// One period of a KPI's trend: its label (e.g. "2026-Q1"), the value (null when there was no one to measure), the
/// threshold the version in force set, whether the figure is final, and where its explanation is (if it may be opened).
/// </summary>
public sealed record KpiTrendPoint(string Label, decimal? Value, decimal Threshold, KpiVerdict Verdict, bool IsFinal, string? Href = null);

/// <summary>
/// Where each period's point, the value line and the threshold go in the server-rendered SVG of a KPI's trend: one
/// column per period, a y axis from 0 to a round maximum (fixed at 1 for shares). The verdict is told by the marker's
/// shape and the provisional state by a hollow marker, never by colour alone. Coordinates are in the viewBox's units.
/// </summary>
public sealed class KpiTrendChartLayout
{
    public const int Column = 64;
    public const int Left = 56;
    public const int Top = 16;
    public const int PlotHeight = 160;
    public const int Bottom = 44;
    public const int MarkerRadius = 6;

    /// <param name="points">The periods, oldest first.</param>
    /// <param name="fixedMax">The top of the scale when the unit has one (1 for a share); null scales to the data.</param>
    public KpiTrendChartLayout(IReadOnlyList<KpiTrendPoint> points, decimal? fixedMax)
    {
        Points = points;
        if (fixedMax is { } max and > 0)
        {
            Max = max;
            Step = max / 4;
        }
        else
        {
            var highest = points.Count == 0 ? 0 : points.Max(p => Math.Max(p.Value ?? 0, p.Threshold));
            Step = NiceStep(Math.Max(highest, 1) / 4);
            Max = Math.Max(1, decimal.Ceiling(highest / Step)) * Step;
        }

        Width = Left + (Math.Max(points.Count, 4) * Column) + 8;
    }

    public IReadOnlyList<KpiTrendPoint> Points { get; }

    /// <summary>The top of the y axis, a whole number of <see cref="Step"/>s.</summary>
    public decimal Max { get; }

    public decimal Step { get; }

    public int Width { get; }

    public static int Height => Top + PlotHeight + Bottom;

    public static int Baseline => Top + PlotHeight;

    public IEnumerable<decimal> Ticks
    {
        get
        {
            for (var tick = 0m; tick <= Max; tick += Step)
            {
                yield return tick;
            }
        }
    }

    /// <summary>The y of a value, clamped to the plot so an outlier cannot draw outside it.</summary>
    public double Y(decimal value) => Baseline - ((double)(Math.Clamp(value, 0, Max) / Max) * PlotHeight);

    public static double CenterX(int index) => Left + (index * Column) + (Column / 2.0);

    /// <summary>The value line: straight segments between measured periods, broken where a period has no value.</summary>
    public string ValuePath()
    {
        var path = new StringBuilder();
        var pen = 'M';
        for (var i = 0; i < Points.Count; i++)
        {
            if (Points[i].Value is not { } value)
            {
                pen = 'M';
                continue;
            }

            path.Append(CultureInfo.InvariantCulture, $"{(path.Length == 0 ? null : " ")}{pen}{N(CenterX(i))} {N(Y(value))}");
            pen = 'L';
        }

        return path.ToString();
    }

    /// <summary>The threshold as a step line: a horizontal segment across each period's column (a new version may move it).</summary>
    public string ThresholdPath()
    {
        var path = new StringBuilder();
        for (var i = 0; i < Points.Count; i++)
        {
            var y = N(Y(Points[i].Threshold));
            var from = Left + (i * Column);
            var joined = i > 0 && Points[i - 1].Threshold == Points[i].Threshold;
            path.Append(CultureInfo.InvariantCulture, $"{(path.Length == 0 ? null : " ")}{(joined ? 'L' : 'M')}{N(from)} {y} L{N(from + Column)} {y}");
        }

        return path.ToString();
    }

    /// <summary>The marker of a measured period: a circle when met, a downward triangle when not met, a diamond when too few to judge.</summary>
    public string MarkerPath(int index)
    {
        var point = Points[index];
        var x = CenterX(index);
        var y = Y(point.Value ?? 0);
        const double r = MarkerRadius;
        return point.Verdict switch
        {
            KpiVerdict.Met => $"M{N(x - r)} {N(y)} A{N(r)} {N(r)} 0 1 0 {N(x + r)} {N(y)} A{N(r)} {N(r)} 0 1 0 {N(x - r)} {N(y)} Z",
            KpiVerdict.NotMet => $"M{N(x - r)} {N(y - (r * 0.8))} L{N(x + r)} {N(y - (r * 0.8))} L{N(x)} {N(y + r)} Z",
            _ => $"M{N(x)} {N(y - r)} L{N(x + r)} {N(y)} L{N(x)} {N(y + r)} L{N(x - r)} {N(y)} Z",
        };
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten: the smallest such step at least <paramref name="raw"/>, and never below 1.</summary>
    public static decimal NiceStep(decimal raw)
    {
        if (raw <= 1)
        {
            return 1;
        }

        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)raw)));
        foreach (var factor in new[] { 1m, 2m, 2.5m, 5m, 10m })
        {
            if (factor * magnitude >= raw)
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
