using System.Buffers;
using System.Globalization;
using System.Text;

namespace AktivResept.Server.Features.Programmes.Funding;

/// <summary>
/// The monthly report as CSV: header, comma-separated, CRLF, RFC 4180 quoting, invariant numbers, a suppressed count as
/// an empty field, and text starting like a formula defused with an apostrophe (as the municipality overview's CSV).
/// </summary>
public static class ProgrammeReportCsv
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    public static byte[] ToBytes(ProgrammeReportView report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Record(writer, ["month", "programme", "series", "activity", "sessions_held", "sessions_cancelled", "places_offered", "booked", "attended", "fill_rate_percent", "waiting"]);
        foreach (var r in report.Rows)
        {
            Record(writer, [r.Month, Text(r.Programme), Text(r.Series), r.Activity.ToString(), N(r.SessionsHeld), N(r.SessionsCancelled), N(r.PlacesOffered),
                N(r.Booked), N(r.Attended), r.FillRatePercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? string.Empty, N(r.Waiting)]);
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

    private static string Text(string value) => value.Length > 0 && FormulaStarts.Contains(value[0]) ? $"'{value}" : value;

    private static string N(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
