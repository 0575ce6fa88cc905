using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace AktivResept.Server.Features.SectorStatistics;

/// <summary>
/// The statistics as one long CSV (CsvHelper): one row per published figure — table, year, area, measure, breakdown,
/// category and value — with a hidden (suppressed) count as an empty value. Comma-separated, CRLF, invariant numbers.
/// Text that could start a spreadsheet formula is escaped by CsvHelper's injection option.
/// </summary>
public static class SectorStatisticsCsv
{
    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        InjectionOptions = InjectionOptions.Escape,
    };

    public static readonly string[] Header = ["table", "year", "level", "code", "name", "measure", "dimension", "category", "value"];

    public static byte[] ToBytes(SectorStatisticsView view)
    {
        var names = view.Areas.ToDictionary(a => (a.Level, a.Code), a => a.Name);
        string Name(string level, string code) => names.GetValueOrDefault((level, code), code);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, Config))
        {
            void Row(string table, int? year, string level, string code, string measure, string dimension, string category, IFormattable? value)
            {
                string[] fields = [table, year?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, level, code, Name(level, code), measure, dimension, category,
                    value?.ToString(null, CultureInfo.InvariantCulture) ?? string.Empty];
                foreach (var field in fields)
                {
                    csv.WriteField(field);
                }

                csv.NextRecord();
            }

            foreach (var h in Header)
            {
                csv.WriteField(h);
            }

            csv.NextRecord();
            foreach (var area in view.Areas)
            {
                Row("capacity", null, area.Level, area.Code, "places", "total", string.Empty, area.Places);
            }

            foreach (var year in view.Data)
            {
                foreach (var flow in year.Flows)
                {
                    var measure = flow.Measure.ToString().ToLowerInvariant();
                    Row("flows", year.Year, flow.Level, flow.Code, measure, "total", string.Empty, flow.Total);
                    foreach (var cell in flow.Cells)
                    {
                        Row("flows", year.Year, flow.Level, flow.Code, measure, cell.Dimension, cell.Category, cell.Count);
                    }
                }

                foreach (var w in year.Waiting)
                {
                    Row("waiting", year.Year, w.Level, w.Code, "median_days", "total", string.Empty, w.MedianDays);
                    Row("waiting", year.Year, w.Level, w.Code, "p90_days", "total", string.Empty, w.P90Days);
                }

                foreach (var d in year.AktivPaDagtid)
                {
                    Row("aktiv-pa-dagtid", year.Year, "municipality", d.Kommunenummer, "registered", "total", string.Empty, d.Registered);
                    Row("aktiv-pa-dagtid", year.Year, "municipality", d.Kommunenummer, "places_offered", "total", string.Empty, d.PlacesOffered);
                    Row("aktiv-pa-dagtid", year.Year, "municipality", d.Kommunenummer, "booked", "total", string.Empty, d.Booked);
                    Row("aktiv-pa-dagtid", year.Year, "municipality", d.Kommunenummer, "attended", "total", string.Empty, d.Attended);
                    Row("aktiv-pa-dagtid", year.Year, "municipality", d.Kommunenummer, "fill_rate_percent", "total", string.Empty, d.FillRatePercent);
                }
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }
}
