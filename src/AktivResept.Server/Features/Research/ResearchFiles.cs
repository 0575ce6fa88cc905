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

    /// <summary>Rows per Parquet row group: bounded memory per column however large the export.</summary>
    public const int RowGroupSize = 65_536;

    public static readonly string[] Formats = [Csv, Parquet];

    public static string DataEntry(string format) => $"data.{format}";

    /// <summary>
    /// The zip. The CSV is written straight into its zip entry, row by row, as the values are computed; Parquet's
    /// writer needs a seekable stream, so its file is written (by row groups of typed column arrays) and then stored.
    /// </summary>
    public static async Task<byte[]> ZipAsync(ResearchTable table, string format, ResearchDictionary dictionary, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (format == Parquet)
            {
                await AddAsync(archive, DataEntry(format), await ParquetAsync(table, ct), ct);
            }
            else
            {
                var entry = archive.CreateEntry(DataEntry(format), CompressionLevel.Fastest);
                await using var target = await entry.OpenAsync(ct);
                WriteCsv(table, target);
            }

            await AddAsync(archive, DictionaryEntry, JsonSerializer.SerializeToUtf8Bytes(dictionary, DictionaryJson), ct);
        }

        return zip.ToArray();
    }

    public static byte[] CsvBytes(ResearchTable table)
    {
        using var stream = new MemoryStream();
        WriteCsv(table, stream);
        return stream.ToArray();
    }

    /// <summary>RFC 4180, UTF-8 without a byte order mark, one pass over the rows.</summary>
    public static void WriteCsv(ResearchTable table, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in table.Columns)
        {
            csv.WriteField(column.Name);
        }

        csv.NextRecord();
        for (var row = 0; row < table.Rows; row++)
        {
            foreach (var column in table.Columns)
            {
                csv.WriteField(Text(column, row));
            }

            csv.NextRecord();
        }
    }

    public static async Task<byte[]> ParquetAsync(ResearchTable table, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        var fields = table.Columns.Select(Field).ToList();
        using var stream = new MemoryStream();
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.None };
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options, cancellationToken: ct))
        {
            // At least one row group, so that an empty export is still a file with its schema.
            var first = 0;
            do
            {
                var count = Math.Min(RowGroupSize, table.Rows - first);
                using var group = writer.CreateRowGroup();
                for (var i = 0; i < fields.Count; i++)
                {
                    await WriteColumnAsync(group, fields[i], table.Columns[i], first, count, ct);
                }

                first += RowGroupSize;
            }
            while (first < table.Rows);
        }

        return stream.ToArray();
    }

    private static async Task WriteColumnAsync(ParquetRowGroupWriter group, DataField field, ResearchColumn column, int first, int count, CancellationToken ct)
    {
        switch (column)
        {
            case ResearchColumn<int?> c:
                await group.WriteAsync(field, new ReadOnlyMemory<int?>(Slice(c, first, count)), cancellationToken: ct);
                break;
            case ResearchColumn<bool?> c:
                await group.WriteAsync(field, new ReadOnlyMemory<bool?>(Slice(c, first, count)), cancellationToken: ct);
                break;
            case ResearchColumn<decimal?> c:
                await group.WriteAsync(field, new ReadOnlyMemory<decimal?>(Slice(c, first, count)), cancellationToken: ct);
                break;
            case ResearchColumn<DateOnly?> c:
                await group.WriteAsync(field, new ReadOnlyMemory<DateOnly?>(Slice(c, first, count)), cancellationToken: ct);
                break;
            case ResearchColumn<string?> c:
                await group.WriteAsync(field, Texts(c, first, count), null);
                break;
            default:
                throw new InvalidOperationException($"Column {column.Name} has no Parquet writer.");
        }
    }

    private static T[] Slice<T>(ResearchColumn<T> column, int first, int count)
    {
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = column.ValueOf(first + i);
        }

        return values;
    }

    /// <summary>A text column's slice; a missing value stays null (the field is nullable), which the writer's signature does not say.</summary>
    private static string[] Texts(ResearchColumn<string?> column, int first, int count)
    {
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = column.ValueOf(first + i)!;
        }

        return values;
    }

    private static DataField Field(ResearchColumn column) => column.Type switch
    {
        ResearchValueType.Integer => new DataField<int?>(column.Name),
        ResearchValueType.Decimal => new DecimalDataField(column.Name, 18, column.Scale, isNullable: true),
        ResearchValueType.Boolean => new DataField<bool?>(column.Name),
        ResearchValueType.Date => new DataField<DateOnly?>(column.Name),
        _ => new DataField<string>(column.Name, true),
    };

    /// <summary>A cell as CSV text: empty for no value, invariant numbers, ISO dates.</summary>
    private static string Text(ResearchColumn column, int row) => column switch
    {
        ResearchColumn<string?> c => c.ValueOf(row) ?? string.Empty,
        ResearchColumn<int?> c => c.ValueOf(row)?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        ResearchColumn<bool?> c => c.ValueOf(row) switch { true => "true", false => "false", null => string.Empty },
        ResearchColumn<decimal?> c => c.ValueOf(row)?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        ResearchColumn<DateOnly?> c => c.ValueOf(row)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
        _ => throw new InvalidOperationException($"Column {column.Name} has no CSV text."),
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
