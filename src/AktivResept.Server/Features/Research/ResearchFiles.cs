using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Parquet;
using Parquet.Schema;

namespace AktivResept.Server.Features.Research;

/// <summary>
/// Writes an export: the data as CSV (CsvHelper, RFC 4180, UTF-8) or Apache Parquet (Parquet.Net, typed columns), and
/// the data dictionary as JSON, packed in one zip (<c>data.csv</c> or <c>data.parquet</c>, <c>dictionary.json</c>).
/// The Parquet pages are left uncompressed: the zip compresses the whole, and the bytes stay scannable.
/// </summary>
public static class ResearchFiles
{
    public const string Csv = "csv";
    public const string Parquet = "parquet";
    public const string DictionaryEntry = "dictionary.json";
    public const string ContentType = "application/zip";

    public static readonly string[] Formats = [Csv, Parquet];

    public static string DataEntry(string format) => $"data.{format}";

    public static async Task<byte[]> ZipAsync(ResearchTable table, string format, ResearchDictionary dictionary, CancellationToken ct)
    {
        var data = format == Parquet ? await ParquetAsync(table, ct) : CsvBytes(table);
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await AddAsync(archive, DataEntry(format), data, ct);
            await AddAsync(archive, DictionaryEntry, JsonSerializer.SerializeToUtf8Bytes(dictionary, DictionaryJson), ct);
        }

        return zip.ToArray();
    }

    public static byte[] CsvBytes(ResearchTable table)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var column in table.Columns)
            {
                csv.WriteField(column.Name);
            }

            csv.NextRecord();
            for (var row = 0; row < table.Rows; row++)
            {
                foreach (var column in table.Columns)
                {
                    csv.WriteField(Text(column.Values[row]));
                }

                csv.NextRecord();
            }
        }

        return stream.ToArray();
    }

    public static async Task<byte[]> ParquetAsync(ResearchTable table, CancellationToken ct)
    {
        var fields = table.Columns.Select(Field).ToList();
        using var stream = new MemoryStream();
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.None };
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options, cancellationToken: ct))
        {
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < fields.Count; i++)
            {
                var values = table.Columns[i].Values;
                var field = fields[i];
                switch (table.Columns[i].Type)
                {
                    case ResearchValueType.Integer:
                        await group.WriteAsync(field, new ReadOnlyMemory<int?>([.. values.Select(v => (int?)v)]), cancellationToken: ct);
                        break;
                    case ResearchValueType.Decimal:
                        await group.WriteAsync(field, new ReadOnlyMemory<decimal?>([.. values.Select(v => (decimal?)v)]), cancellationToken: ct);
                        break;
                    case ResearchValueType.Boolean:
                        await group.WriteAsync(field, new ReadOnlyMemory<bool?>([.. values.Select(v => (bool?)v)]), cancellationToken: ct);
                        break;
                    case ResearchValueType.Date:
                        await group.WriteAsync(field, new ReadOnlyMemory<DateOnly?>([.. values.Select(v => (DateOnly?)v)]), cancellationToken: ct);
                        break;
                    default:
                        await group.WriteAsync(field, (IReadOnlyCollection<string>)[.. values.Select(v => (string?)v ?? null!)], null);
                        break;
                }
            }
        }

        return stream.ToArray();
    }

    private static DataField Field(ResearchColumn column) => column.Type switch
    {
        ResearchValueType.Integer => new DataField<int?>(column.Name),
        ResearchValueType.Decimal => new DecimalDataField(column.Name, 18, column.Scale, isNullable: true),
        ResearchValueType.Boolean => new DataField<bool?>(column.Name),
        ResearchValueType.Date => new DataField<DateOnly?>(column.Name),
        _ => new DataField<string>(column.Name, true),
    };

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static async Task AddAsync(ZipArchive archive, string name, byte[] content, CancellationToken ct)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Fastest);
        await using var target = await entry.OpenAsync(ct);
        await target.WriteAsync(content, ct);
    }

    private static readonly JsonSerializerOptions DictionaryJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

/// <summary>The data dictionary shipped with every export: the project, the date rule, the counts and each column.</summary>
public sealed record ResearchDictionary(
    Guid ProjectId, string Project, string ApprovalReference, Guid ExportId, DateTimeOffset ExportedAt, string Format, string DateHandling,
    int? ShiftDays, int Persons, int Rows, IReadOnlyList<ResearchDictionaryColumn> Columns)
{
    public static ResearchDictionary Of(ResearchProject project, Guid exportId, DateTimeOffset at, string format, ResearchTable table) => new(
        project.Id, project.Title, project.ApprovalReference, exportId, at, format, project.DateHandling.ToString(),
        project.DateHandling == Research.DateHandling.Shifted ? project.ShiftDays : null, table.Persons, table.Rows,
        [.. table.Columns.Select(c => new ResearchDictionaryColumn(c.Name, c.Description, c.Type.ToString().ToLowerInvariant(), c.Unit))]);
}

public sealed record ResearchDictionaryColumn(string Name, string Description, string Type, string? Unit);
