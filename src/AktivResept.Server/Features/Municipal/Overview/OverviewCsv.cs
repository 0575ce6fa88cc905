using System.Buffers;
using System.Globalization;
using System.Text;

namespace AktivResept.Server.Features.Municipal.Overview;

/// <summary>
/// One table of the overview as CSV: header, comma-separated, CRLF, RFC 4180 quoting, invariant numbers, a hidden
/// (suppressed) count as an empty field, and text starting like a formula defused with an apostrophe (as
/// <c>KpiResultsCsv</c>).
/// </summary>
public static class OverviewCsv
{
    public static readonly IReadOnlyList<string> Tables = ["months", "providers", "uptake", "locations"];

    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    public static byte[]? ToBytes(MunicipalityOverview overview, string table)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        switch (table)
        {
            case "months":
                Record(writer, ["kommunenummer", "month", "referrals", "starters", "active", "completed", "dropouts"]);
                foreach (var m in overview.Months)
                {
                    Record(writer, [overview.Kommunenummer, $"{m.Year:D4}-{m.Month:D2}", N(m.Referrals), N(m.Starters), N(m.Active), N(m.Completed), N(m.Dropouts)]);
                }

                break;
            case "providers":
                Record(writer, ["kommunenummer", "from", "to", "provider", "contracted", "accepted", "median_wait_days", "capacity", "open", "free"]);
                foreach (var p in overview.Providers)
                {
                    Record(writer, [overview.Kommunenummer, overview.FromMonth, overview.ToMonth, Text(p.ProviderName), B(p.Contracted), N(p.Accepted), D(p.MedianWaitDays), N(p.Capacity), N(p.Open), N(p.Free)]);
                }

                break;
            case "uptake":
                Record(writer, ["kommunenummer", "year", "benefit", "participants", "residents", "residents_year", "per_thousand", "source"]);
                foreach (var u in overview.Uptake.Rows)
                {
                    Record(writer, [overview.Kommunenummer, N(overview.Uptake.Year), u.Benefit.ToString(), N(u.Participants), N(u.Residents), N(u.ResidentsYear), D(u.PerThousand), Text(u.Source ?? string.Empty)]);
                }

                Record(writer, [overview.Kommunenummer, N(overview.Uptake.Year), "Total", N(overview.Uptake.Total), string.Empty, string.Empty, string.Empty, string.Empty]);
                break;
            case "locations":
                Record(writer, ["kommunenummer", "provider", "location", "address", "location_kommunenummer", "distance_km", "contracted", "capacity", "free"]);
                foreach (var l in overview.Locations)
                {
                    Record(writer, [overview.Kommunenummer, Text(l.ProviderName), Text(l.LocationName), Text(l.Address), l.Kommunenummer, D(l.DistanceKm), B(l.Contracted), N(l.Capacity), N(l.Free)]);
                }

                break;
            default:
                return null;
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

    private static string D(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string B(bool value) => value ? "true" : "false";
}
