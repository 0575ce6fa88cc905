using System.Globalization;
using System.Text.Encodings.Web;
using AktivResept.Domain.Adherence;
using Microsoft.AspNetCore.Components;

namespace AktivResept.Server.Components.Attendance;

/// <summary>
/// Where each week's bar and prescribed marker go in the server-rendered SVG: one column per ISO week, a y axis in
/// whole sessions. Coordinates are in the viewBox's units; the SVG fills its container's width (columns widen to fill
/// <see cref="MinWidth"/> when there are few weeks), and a long period scrolls sideways rather than shrinking its text.
/// </summary>
public sealed class AdherenceChartLayout
{
    /// <summary>The narrowest a column gets; columns widen when few weeks leave room.</summary>
    public const int MinColumn = 56;

    /// <summary>The viewBox is at least this wide, so a short period fills a wide card at a readable scale.</summary>
    public const int MinWidth = 720;

    /// <summary>More weeks than this make the chart scroll sideways on a narrow screen instead of shrinking.</summary>
    public const int WideAfterWeeks = 13;
    public const int Left = 36;
    public const int Top = 12;
    public const int PlotHeight = 160;
    public const int Bottom = 44;

    public AdherenceChartLayout(IReadOnlyList<WeekAdherence> weeks)
    {
        Weeks = weeks;
        var highest = weeks.Count == 0 ? 1 : Math.Max(1, weeks.Max(w => Math.Max(w.Prescribed, w.Attended)));
        Step = highest <= 8 ? 1 : (int)Math.Ceiling(highest / 8.0);
        Max = (int)Math.Ceiling(highest / (double)Step) * Step;
        var columns = Math.Max(weeks.Count, 4);
        Column = Math.Max(MinColumn, (MinWidth - Left - 8) / columns);
        Width = Left + (columns * Column) + 8;
    }

    /// <summary>Width of one week's column in viewBox units.</summary>
    public int Column { get; }

    public bool Wide => Weeks.Count > WideAfterWeeks;

    public IReadOnlyList<WeekAdherence> Weeks { get; }

    /// <summary>The top of the y axis, a whole number of <see cref="Step"/>s.</summary>
    public int Max { get; }

    public int Step { get; }

    public int Width { get; }

    public static int Height => Top + PlotHeight + Bottom;

    public static int Baseline => Top + PlotHeight;

    public IEnumerable<int> Ticks => Enumerable.Range(0, (Max / Step) + 1).Select(i => i * Step);

    public double Y(int sessions) => Baseline - (sessions * (double)PlotHeight / Max);

    public double ColumnX(int index) => Left + (index * Column);

    /// <summary>An SVG text element (Razor reserves the &lt;text&gt; tag for itself), its content encoded.</summary>
    public static MarkupString Text(double x, double y, string content, string? cssClass = null, string anchor = "middle", string? dy = null) =>
        new($"<text x=\"{N(x)}\" y=\"{N(y)}\"{(dy is null ? null : $" dy=\"{dy}\"")} text-anchor=\"{anchor}\"{(cssClass is null ? null : $" class=\"{cssClass}\"")}>{HtmlEncoder.Default.Encode(content)}</text>");

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
