using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AktivResept.Server.Features.HealthAccounts.Pdf;

/// <summary>
/// A plain A4 report drawn top to bottom with PDFsharp: headings, wrapped paragraphs, tables and four kinds of chart
/// (horizontal bars, columns, points with whiskers, stacked bars). A block that does not fit starts a new page. Text
/// is written WinAnsi-encoded in the embedded DejaVu Sans, so it can be extracted (and searched) from the PDF.
/// </summary>
public sealed class PdfReportWriter : IDisposable
{
    public const double Margin = 48;
    private const double ChartHeight = 150;

    private static readonly XPdfFontOptions Options = new(PdfFontEncoding.WinAnsi);

    /// <summary>Fills for chart series, dark enough for white-on-colour and distinct in grey print.</summary>
    public static readonly XColor[] Palette =
    [
        XColor.FromArgb(0x1F, 0x4E, 0x79), XColor.FromArgb(0xC0, 0x50, 0x4D), XColor.FromArgb(0x4F, 0x81, 0x3D),
        XColor.FromArgb(0x80, 0x64, 0xA2), XColor.FromArgb(0xB3, 0x6B, 0x00), XColor.FromArgb(0x40, 0x40, 0x40),
    ];

    private readonly PdfDocument document = new();
    private readonly XFont title;
    private readonly XFont heading;
    private readonly XFont body;
    private readonly XFont bold;
    private readonly XFont small;
    private PdfPage page = default!;
    private XGraphics gfx = default!;
    private double y;

    public PdfReportWriter(string documentTitle)
    {
        EmbeddedFonts.EnsureRegistered();
        document.Info.Title = documentTitle;
        document.Info.Creator = "AktivResept";
        title = new XFont(EmbeddedFonts.Family, 16, XFontStyleEx.Bold, Options);
        heading = new XFont(EmbeddedFonts.Family, 12, XFontStyleEx.Bold, Options);
        body = new XFont(EmbeddedFonts.Family, 9, XFontStyleEx.Regular, Options);
        bold = new XFont(EmbeddedFonts.Family, 9, XFontStyleEx.Bold, Options);
        small = new XFont(EmbeddedFonts.Family, 7, XFontStyleEx.Regular, Options);
        NewPage();
    }

    private double Width => page.Width.Point - (2 * Margin);

    private double Bottom => page.Height.Point - Margin;

    public void Title(string text)
    {
        Paragraph(text, title, 6);
    }

    public void Heading(string text)
    {
        Room(heading.Height + (3 * body.Height));
        y += 6;
        Paragraph(text, heading, 4);
    }

    public void Paragraph(string text, bool strong = false) => Paragraph(text, strong ? bold : body, 4);

    public void Note(string text) => Paragraph(text, small, 4);

    /// <summary>A table with a header row; <paramref name="numeric"/> columns are right-aligned. Long tables continue on the next page with the header repeated.</summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlySet<int>? numeric = null)
    {
        numeric ??= new HashSet<int>();
        var all = rows.ToList();
        var widths = ColumnWidths(header, all);
        var rowHeight = body.Height + 4;
        Room(rowHeight * Math.Min(all.Count + 1, 4));
        Row(header, widths, numeric, bold, shade: true);
        foreach (var row in all)
        {
            if (y + rowHeight > Bottom)
            {
                NewPage();
                Row(header, widths, numeric, bold, shade: true);
            }

            Row(row, widths, numeric, body, shade: false);
        }

        y += 6;
    }

    /// <summary>Horizontal bars, one per label (the funnel); a null value draws no bar and shows its text instead.</summary>
    public void HorizontalBars(IReadOnlyList<(string Label, double? Value, string Text)> bars)
    {
        var rowHeight = 16.0;
        Room((bars.Count * rowHeight) + 8);
        var labelWidth = Math.Min(Width * 0.4, bars.Select(b => gfx.MeasureString(b.Label, body).Width).DefaultIfEmpty(0).Max() + 8);
        var plot = Width - labelWidth - 60;
        var max = Math.Max(1, bars.Max(b => b.Value ?? 0));
        foreach (var (label, value, text) in bars)
        {
            gfx.DrawString(WinAnsi(label), body, XBrushes.Black, new XRect(Margin, y, labelWidth - 6, rowHeight), XStringFormats.CenterLeft);
            var w = value is { } v ? plot * v / max : 0;
            if (w > 0)
            {
                gfx.DrawRectangle(new XSolidBrush(Palette[0]), Margin + labelWidth, y + 2, w, rowHeight - 4);
            }

            gfx.DrawString(WinAnsi(text), body, XBrushes.Black, new XRect(Margin + labelWidth + w + 4, y, 60, rowHeight), XStringFormats.CenterLeft);
            y += rowHeight;
        }

        y += 8;
    }

    /// <summary>Columns of a share (0–1) per label, e.g. the share adherent per week; a null value is marked «–» at the axis.</summary>
    public void Columns(IReadOnlyList<(string Label, double? Share)> columns, string axisLabel)
    {
        Room(ChartHeight + 30);
        var left = Margin + 30;
        var plot = Width - 30;
        var column = plot / Math.Max(columns.Count, 1);
        var axis = y + ChartHeight;
        Grid(left, plot, y, axis, [0, 0.5, 1], v => v.ToString("P0", CultureInfo.CurrentCulture));
        for (var i = 0; i < columns.Count; i++)
        {
            var x = left + (i * column);
            if (columns[i].Share is { } share)
            {
                var h = ChartHeight * share;
                gfx.DrawRectangle(new XSolidBrush(Palette[2]), x + (column * 0.15), axis - h, column * 0.7, h);
            }
            else
            {
                gfx.DrawString(WinAnsi("–"), small, XBrushes.Black, new XRect(x, axis - 12, column, 10), XStringFormats.Center);
            }

            if (columns.Count <= 26 || i % 2 == 0)
            {
                gfx.DrawString(WinAnsi(columns[i].Label), small, XBrushes.Black, new XRect(x, axis + 2, column, 10), XStringFormats.TopCenter);
            }
        }

        y = axis + 14;
        Note(axisLabel);
    }

    /// <summary>
    /// Points with 95 % whiskers around zero (change from baseline); a dashed line per point group at the clinically
    /// important change. A point whose value is null (suppressed) is listed by label only.
    /// </summary>
    public void Whiskers(IReadOnlyList<(string Label, double? Mean, double? Low, double? High, double? Mcid)> points)
    {
        Room(ChartHeight + 40);
        var left = Margin + 40;
        var plot = Width - 40;
        var values = points.SelectMany(p => new[] { p.Mean, p.Low, p.High, p.Mcid }).OfType<double>().Append(0).ToList();
        var (min, max) = (values.Min(), values.Max());
        var pad = max == min ? 1 : (max - min) * 0.1;
        (min, max) = (min - pad, max + pad);
        var top = y;
        var axis = y + ChartHeight;
        double Y(double v) => axis - ((v - min) / (max - min) * ChartHeight);
        var ticks = new[] { min + ((max - min) * 0.1), max - ((max - min) * 0.1) }.Where(v => Math.Abs(Y(v) - Y(0)) >= 12).Append(0).ToArray();
        Grid(left, plot, top, axis, ticks, v => v.ToString(max - min < 1 ? "0.###" : "0.#", CultureInfo.CurrentCulture), Y);
        var column = plot / Math.Max(points.Count, 1);
        var pen = new XPen(Palette[0], 1.2);
        var mcidPen = new XPen(Palette[1], 1) { DashStyle = XDashStyle.Dash };
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var cx = left + (i * column) + (column / 2);
            if (p.Mcid is { } m)
            {
                gfx.DrawLine(mcidPen, cx - (column * 0.4), Y(m), cx + (column * 0.4), Y(m));
            }

            if (p is { Low: { } lo, High: { } hi })
            {
                gfx.DrawLine(pen, cx, Y(lo), cx, Y(hi));
                gfx.DrawLine(pen, cx - 5, Y(lo), cx + 5, Y(lo));
                gfx.DrawLine(pen, cx - 5, Y(hi), cx + 5, Y(hi));
            }

            if (p.Mean is { } mean)
            {
                gfx.DrawEllipse(new XSolidBrush(Palette[0]), cx - 3, Y(mean) - 3, 6, 6);
            }

            gfx.DrawString(WinAnsi(p.Label), small, XBrushes.Black, new XRect(left + (i * column), axis + 2, column, 10), XStringFormats.TopCenter);
        }

        y = axis + 16;
    }

    /// <summary>One stacked bar per row (e.g. total, per participant, per completer), a segment per series, with a legend.</summary>
    public void StackedBars(IReadOnlyList<string> series, IReadOnlyList<(string Label, IReadOnlyList<double> Values, string Text)> bars)
    {
        var rowHeight = 18.0;
        Room((bars.Count * rowHeight) + 30);
        var labelWidth = Math.Min(Width * 0.3, bars.Select(b => gfx.MeasureString(b.Label, body).Width).DefaultIfEmpty(0).Max() + 8);
        var plot = Width - labelWidth - 90;
        foreach (var (label, values, text) in bars)
        {
            var total = values.Where(v => v > 0).Sum();
            gfx.DrawString(WinAnsi(label), body, XBrushes.Black, new XRect(Margin, y, labelWidth - 6, rowHeight), XStringFormats.CenterLeft);
            var x = Margin + labelWidth;
            for (var s = 0; s < values.Count; s++)
            {
                if (values[s] > 0 && total > 0)
                {
                    var w = plot * values[s] / total;
                    gfx.DrawRectangle(new XSolidBrush(Palette[s % Palette.Length]), x, y + 2, w, rowHeight - 4);
                    x += w;
                }
            }

            gfx.DrawString(WinAnsi(text), body, XBrushes.Black, new XRect(Margin + labelWidth + plot + 4, y, 86, rowHeight), XStringFormats.CenterLeft);
            y += rowHeight;
        }

        y += 4;
        var lx = Margin;
        for (var s = 0; s < series.Count; s++)
        {
            var w = gfx.MeasureString(series[s], small).Width + 22;
            if (lx + w > Margin + Width)
            {
                lx = Margin;
                y += 12;
            }

            gfx.DrawRectangle(new XSolidBrush(Palette[s % Palette.Length]), lx, y + 1, 8, 8);
            gfx.DrawString(WinAnsi(series[s]), small, XBrushes.Black, lx + 11, y + 8);
            lx += w;
        }

        y += 18;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        gfx.Dispose();
        document.Dispose();
    }

    /// <summary>
    /// The text as WinAnsi can show it: cultures format with characters outside it (nb-NO's minus sign U+2212, narrow
    /// spaces), which would print as «?».
    /// </summary>
    public static string WinAnsi(string text) =>
        text.Replace('\u2212', '-').Replace('\u202F', '\u00A0').Replace('\u2009', ' ');

    private void Paragraph(string text, XFont font, double after)
    {
        foreach (var line in Wrap(text, font, Width))
        {
            Room(font.Height);
            gfx.DrawString(WinAnsi(line), font, XBrushes.Black, Margin, y + (font.Height * 0.8));
            y += font.Height * 1.15;
        }

        y += after;
    }

    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }

    private double[] ColumnWidths(IReadOnlyList<string> header, List<IReadOnlyList<string>> rows)
    {
        var natural = header.Select((h, i) => Math.Max(gfx.MeasureString(h, bold).Width,
            rows.Select(r => i < r.Count ? gfx.MeasureString(r[i], body).Width : 0).DefaultIfEmpty(0).Max()) + 8).ToArray();
        var sum = natural.Sum();
        return natural.Select(w => w * Width / sum).ToArray(); // stretched or squeezed to the page's width
    }

    private void Row(IReadOnlyList<string> cells, double[] widths, IReadOnlySet<int> numeric, XFont font, bool shade)
    {
        var height = font.Height + 4;
        if (shade)
        {
            gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xEE, 0xEE, 0xEE)), Margin, y, Width, height);
        }

        var x = Margin;
        for (var i = 0; i < widths.Length; i++)
        {
            var text = i < cells.Count ? Fit(cells[i], font, widths[i] - 6) : string.Empty;
            var rect = new XRect(x + 3, y, widths[i] - 6, height);
            gfx.DrawString(WinAnsi(text), font, XBrushes.Black, rect, numeric.Contains(i) ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
            x += widths[i];
        }

        gfx.DrawLine(new XPen(XColors.LightGray, 0.5), Margin, y + height, Margin + Width, y + height);
        y += height;
    }

    private string Fit(string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        while (text.Length > 1 && gfx.MeasureString(text + "…", font).Width > width)
        {
            text = text[..^1];
        }

        return text + "…";
    }

    private void Grid(double left, double plot, double top, double axis, double[] ticks, Func<double, string> format, Func<double, double>? map = null)
    {
        map ??= v => axis - (v * (axis - top));
        var grid = new XPen(XColors.LightGray, 0.5);
        foreach (var tick in ticks)
        {
            var ty = map(tick);
            gfx.DrawLine(grid, left, ty, left + plot, ty);
            gfx.DrawString(WinAnsi(format(tick)), small, XBrushes.Black, new XRect(Margin, ty - 5, left - Margin - 4, 10), XStringFormats.CenterRight);
        }

        gfx.DrawLine(new XPen(XColors.Black, 0.8), left, axis, left + plot, axis);
    }

    private void Room(double height)
    {
        if (y + height > Bottom)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        gfx?.Dispose();
        page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        y = Margin;
    }
}
