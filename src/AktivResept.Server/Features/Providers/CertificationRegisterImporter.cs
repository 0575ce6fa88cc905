using System.Globalization;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Import;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Providers;

/// <summary>
/// Fills the built-in certificate register from an issuer's list as CSV:
/// <c>issuer,kind,certificateNumber,holderName,validFrom,validTo</c>. Every row is checked first; one bad row means
/// nothing is imported. A row already in the register is not added twice. After the rows are stored, every
/// certificate a gym entered that was waiting is matched again, in the same transaction.
/// </summary>
public sealed class CertificationRegisterImporter(AktivDbContext db, CertificationVerifier verifier)
{
    public const int MaxText = 200;
    public const int MaxNumber = 50;

    public sealed record Result(int Imported, int Verified, IReadOnlyList<ImportRowError> Errors)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    public async Task<Result> ImportAsync(TextReader reader, string source, CancellationToken ct)
    {
        var errors = new List<ImportRowError>();
        var rows = new List<CertificationRegisterEntry>();
        await foreach (var (lineNumber, cells) in CsvImportRows.ReadAsync(reader, "issuer", ct))
        {
            if (cells.Length != 6)
            {
                errors.Add(new ImportRowError(lineNumber, "row", ApiErrorCodes.CertificationImportRow));
                continue;
            }

            var rowErrors = errors.Count;
            Text(lineNumber, "issuer", cells[0], MaxText, errors);
            if (!Enum.TryParse<CertificationKind>(cells[1], ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                errors.Add(new ImportRowError(lineNumber, "kind", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<CertificationKind>())))));
            }

            Text(lineNumber, "certificateNumber", cells[2], MaxNumber, errors);
            Text(lineNumber, "holderName", cells[3], MaxText, errors);
            var from = Date(lineNumber, "validFrom", cells[4], errors);
            var to = Date(lineNumber, "validTo", cells[5], errors);
            if (from is not null && to < from)
            {
                errors.Add(new ImportRowError(lineNumber, "validTo", ErrorCodes.NotBefore.With(("other", "validFrom"))));
            }

            if (errors.Count == rowErrors)
            {
                rows.Add(new CertificationRegisterEntry
                {
                    Issuer = cells[0].Trim(),
                    Kind = kind,
                    CertificateNumber = cells[2].Trim(),
                    HolderName = cells[3].Trim(),
                    ValidFrom = from!.Value,
                    ValidTo = to!.Value,
                    Source = source.Length > MaxText ? source[..MaxText] : source,
                });
            }
        }

        if (errors.Count > 0)
        {
            return new Result(0, 0, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var numbers = rows.Select(r => r.CertificateNumber).Distinct().ToList();
        var known = await db.CertificationRegister.AsNoTracking().Where(e => numbers.Contains(e.CertificateNumber)).ToListAsync(ct);
        var fresh = rows.Where(r => !known.Any(k => SameRow(k, r))).DistinctBy(r => (r.Issuer, r.Kind, r.CertificateNumber, r.HolderName, r.ValidFrom, r.ValidTo)).ToList();
        db.CertificationRegister.AddRange(fresh);
        await db.SaveChangesAsync(ct);
        var verified = await verifier.VerifyAllPendingAsync(ct);
        await transaction.CommitAsync(ct);
        return new Result(fresh.Count, verified, []);
    }

    private static bool SameRow(CertificationRegisterEntry a, CertificationRegisterEntry b) =>
        a.Issuer == b.Issuer && a.Kind == b.Kind && a.CertificateNumber == b.CertificateNumber && a.HolderName == b.HolderName && a.ValidFrom == b.ValidFrom && a.ValidTo == b.ValidTo;

    private static void Text(int line, string field, string value, int max, List<ImportRowError> errors)
    {
        if (value.Trim() is not { Length: > 0 } trimmed || trimmed.Length > max)
        {
            errors.Add(new ImportRowError(line, field, ErrorCodes.RequiredMaxLength.With(("max", max))));
        }
    }

    private static DateOnly? Date(int line, string field, string value, List<ImportRowError> errors)
    {
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(new ImportRowError(line, field, ErrorCodes.DateFormat));
        return null;
    }
}
