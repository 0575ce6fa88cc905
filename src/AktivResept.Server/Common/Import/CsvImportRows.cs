using System.Runtime.CompilerServices;

namespace AktivResept.Server.Common.Import;

/// <summary>One data row of an administrative CSV import: its 1-based line number and its trimmed cells.</summary>
public readonly record struct CsvRow(int Line, string[] Cells);

/// <summary>
/// How the administrative import verbs (<c>import-benefits</c>, <c>import-benefit-population</c>,
/// <c>import-care-relationships</c>) read their files: plain comma-separated registry extracts without quoting, blank
/// lines skipped, an optional header line recognised by its first column's name. A comma inside a value shows up as a
/// wrong number of cells, which each importer reports for its line.
/// </summary>
public static class CsvImportRows
{
    public static async IAsyncEnumerable<CsvRow> ReadAsync(TextReader reader, string firstHeader, [EnumeratorCancellation] CancellationToken ct)
    {
        var lineNumber = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || (lineNumber == 1 && line.StartsWith(firstHeader, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            yield return new CsvRow(lineNumber, [.. line.Split(',').Select(c => c.Trim())]);
        }
    }
}
