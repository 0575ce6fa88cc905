using System.Globalization;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Import;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Benefits;

/// <summary>A refused row; the CLI prints it as <c>line N: field: message</c> (English, rendered from the code).</summary>
public sealed record ImportRowError(int Line, string Field, Error Error)
{
    public string Message => Error.Message;
}

public sealed record ImportResult(int Imported, IReadOnlyList<ImportRowError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Fills the built-in benefits registry from CSV: <c>nationalId,benefit,from,to</c> (to may be empty). Every row is
/// checked first; one bad row means nothing is imported and every bad row is reported with its line and field.
/// </summary>
public sealed class BenefitImporter(AktivDbContext db, NationalIdLookupHash lookupHash, IOptions<TestIdentityOptions> identity)
{
    public async Task<ImportResult> ImportAsync(TextReader reader, string source, CancellationToken ct)
    {
        var errors = new List<ImportRowError>();
        var rows = new List<BenefitPeriodRecord>();
        await foreach (var (lineNumber, cells) in CsvImportRows.ReadAsync(reader, "nationalId", ct))
        {
            if (cells.Length is < 3 or > 4)
            {
                errors.Add(new ImportRowError(lineNumber, "row", ApiErrorCodes.ImportRow));
                continue;
            }

            var rowErrors = errors.Count;
            if (!Fodselsnummer.TryParse(cells[0], identity.Value.AllowTestIdentities, out var id, out var idError))
            {
                errors.Add(new ImportRowError(lineNumber, "nationalId", idError));
            }

            if (!Enum.TryParse<BenefitKind>(cells[1], ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                errors.Add(new ImportRowError(lineNumber, "benefit", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<BenefitKind>())))));
            }

            if (!DateOnly.TryParseExact(cells[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
            {
                errors.Add(new ImportRowError(lineNumber, "from", ErrorCodes.DateFormat));
            }

            DateOnly? to = null;
            if (cells.Length == 4 && cells[3].Length > 0)
            {
                if (DateOnly.TryParseExact(cells[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedTo))
                {
                    to = parsedTo;
                }
                else
                {
                    errors.Add(new ImportRowError(lineNumber, "to", ApiErrorCodes.DateOrEmpty));
                }
            }

            if (to < from)
            {
                errors.Add(new ImportRowError(lineNumber, "to", ErrorCodes.NotBefore.With(("other", "from"))));
            }

            if (errors.Count == rowErrors)
            {
                rows.Add(new BenefitPeriodRecord { NationalIdHash = lookupHash.Of(id!), Kind = kind, From = from, To = to, Source = source });
            }
        }

        if (errors.Count > 0)
        {
            return new ImportResult(0, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.BenefitPeriods.AddRange(rows);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ImportResult(rows.Count, []);
    }
}
