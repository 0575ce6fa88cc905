using System.Buffers;
using System.Globalization;
using System.Text;

namespace AktivResept.Server.Features.Contracts.Results;

/// <summary>
/// A dashboard as CSV: one row per KPI and period (the current figure), with a header, comma-separated, CRLF line ends,
/// RFC 4180 quoting, invariant numbers and ISO dates, so it reads the same in every locale. Text that a spreadsheet
/// would read as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR; OWASP "CSV injection")
/// gets a leading apostrophe; numbers are our own and stay numeric.
/// </summary>
public static class KpiResultsCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "contract", "kpi", "metric", "category", "unit", "period", "period_from", "period_to", "numerator", "denominator", "value",
        "direction", "threshold", "participants", "minimum_participants", "verdict", "final", "revision", "version", "computed_at",
    ];

    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    public static byte[] ToBytes(KpiDashboard dashboard)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Record(writer, Header);
        foreach (var series in dashboard.Kpis)
        {
            foreach (var f in series.Figures)
            {
                Record(writer,
                [
                    Text(dashboard.ContractName), Text(series.Key), series.Metric, series.Category.ToString(), series.Unit.ToString(), f.Period,
                    Date(f.From), Date(f.To), Number(f.Numerator), Number(f.Denominator), f.Value is { } v ? Number(v) : string.Empty,
                    f.Direction.ToString(), Number(f.Threshold), Number(f.Participants), Number(f.MinimumParticipants), f.Verdict.ToString(),
                    f.IsFinal ? "true" : "false", Number(f.Revision), Number(f.VersionNumber),
                    f.ComputedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ]);
            }
        }

        return new UTF8Encoding(false).GetBytes(writer.ToString());
    }

    private static void Record(StringWriter writer, IReadOnlyList<string> fields)
    {
        writer.Write(string.Join(',', fields.Select(Quote)));
        writer.Write("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    /// <summary>Text not of our own making: a leading formula character is defused with an apostrophe.</summary>
    private static string Text(string value) => value.Length > 0 && FormulaStarts.Contains(value[0]) ? $"'{value}" : value;

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
