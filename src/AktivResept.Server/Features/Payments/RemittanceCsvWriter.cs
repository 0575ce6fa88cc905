using System.Buffers;
using System.Globalization;
using System.Text;

namespace AktivResept.Server.Features.Payments;

/// <summary>
/// The remittance advice next to a payment file: one CSV row per claim line, with a header, comma-separated, CRLF line
/// ends and RFC 4180 quoting (a field with a comma, quote, CR or LF is quoted and its quotes doubled). Amounts are
/// invariant with two decimals, dates ISO 8601, so the file reads the same in every locale.
/// <para>
/// The file is opened in spreadsheets, so a text field that a spreadsheet would read as a formula (one starting with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR; OWASP "CSV injection") gets a leading apostrophe, which the
/// spreadsheet shows as text. Only text we did not write ourselves goes through that guard: the amount is always our own
/// invariant number and stays numeric, so a credit line's <c>-150.00</c> still sums as a number.
/// </para>
/// </summary>
public static class RemittanceCsvWriter
{
    public static readonly IReadOnlyList<string> Header =
    [
        "payment_end_to_end_id",
        "provider_organisation_number",
        "provider_name",
        "claim_id",
        "line_id",
        "service_date",
        "service_type",
        "amount",
    ];

    /// <summary>The first characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).</summary>
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <exception cref="ArgumentException">A row's amount has more than two decimals: the advice would not add up to
    /// the øre-exact transfers, so this is a bug in the caller rather than input to report.</exception>
    public static void Write(IEnumerable<RemittanceRow> rows, TextWriter writer)
    {
        WriteRecord(writer, Header);
        foreach (var row in rows)
        {
            if (decimal.Round(row.Amount, 2) != row.Amount)
            {
                throw new ArgumentException($"Line {row.LineId} has an amount with more than two decimals.", nameof(rows));
            }

            WriteRecord(writer,
            [
                Text(row.PaymentEndToEndId),
                row.ProviderOrganisationNumber.Value,
                Text(row.ProviderName),
                row.ClaimId.ToString("D"),
                row.LineId.ToString("D"),
                row.ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Text(row.ServiceType),
                row.Amount.ToString("0.00", CultureInfo.InvariantCulture),
            ]);
        }
    }

    /// <summary>The whole file as UTF-8 bytes without a byte-order mark.</summary>
    public static byte[] ToBytes(IEnumerable<RemittanceRow> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(rows, writer);
        return new UTF8Encoding(false).GetBytes(writer.ToString());
    }

    private static void WriteRecord(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Quote(fields[i]));
        }

        writer.Write("\r\n");
    }

    /// <summary>Free text made inert for spreadsheets: a leading formula character is escaped with an apostrophe.</summary>
    private static string Text(string field) =>
        field.Length > 0 && FormulaStarts.Contains(field[0]) ? "'" + field : field;

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
