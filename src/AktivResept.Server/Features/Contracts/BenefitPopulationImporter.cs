using System.Globalization;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Import;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Contracts;

/// <summary>
/// Fills the benefit-population reference table from CSV: <c>kommunenummer,benefit,residents,source,year</c> (header
/// optional). Every row is checked first; one bad row means nothing is imported, and every bad row is reported with its
/// line and column. A row for a (kommunenummer, benefit, year) already in the table replaces it: a corrected figure
/// from the same source and year.
/// </summary>
public sealed class BenefitPopulationImporter(AktivDbContext db, TimeProvider clock)
{
    public const int MaxSourceLength = 200;

    public async Task<ImportResult> ImportAsync(TextReader reader, CancellationToken ct)
    {
        var errors = new List<ImportRowError>();
        var rows = new Dictionary<(string, BenefitKind, int), (int Line, BenefitPopulation Row)>();
        await foreach (var (lineNumber, cells) in CsvImportRows.ReadAsync(reader, "kommunenummer", ct))
        {
            if (cells.Length != 5)
            {
                errors.Add(new ImportRowError(lineNumber, "row", ApiErrorCodes.PopulationImportRow));
                continue;
            }

            var before = errors.Count;
            if (!Kommunenummer.TryParse(cells[0], out var kommune, out var kommuneError))
            {
                errors.Add(new ImportRowError(lineNumber, "kommunenummer", kommuneError));
            }

            if (!Enum.TryParse<BenefitKind>(cells[1], ignoreCase: true, out var benefit) || !Enum.IsDefined(benefit) || int.TryParse(cells[1], CultureInfo.InvariantCulture, out _))
            {
                errors.Add(new ImportRowError(lineNumber, "benefit", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<BenefitKind>())))));
            }

            if (!int.TryParse(cells[2], NumberStyles.None, CultureInfo.InvariantCulture, out var residents) || residents > 10_000_000)
            {
                errors.Add(new ImportRowError(lineNumber, "residents", ErrorCodes.Between.With(("min", 0), ("max", 10_000_000))));
            }

            if (cells[3].Length is 0 or > MaxSourceLength)
            {
                errors.Add(new ImportRowError(lineNumber, "source", ErrorCodes.RequiredMaxLength.With(("max", MaxSourceLength))));
            }

            if (!int.TryParse(cells[4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1990 or > 2100)
            {
                errors.Add(new ImportRowError(lineNumber, "year", ErrorCodes.Between.With(("min", 1990), ("max", 2100))));
            }

            if (errors.Count > before)
            {
                continue;
            }

            var key = (kommune!.Value, benefit, year);
            if (rows.TryGetValue(key, out var first))
            {
                errors.Add(new ImportRowError(lineNumber, "year", ApiErrorCodes.PopulationImportDuplicate.With(("line", first.Line))));
                continue;
            }

            rows[key] = (lineNumber, new BenefitPopulation
            {
                Kommunenummer = kommune.Value,
                Benefit = benefit,
                Year = year,
                Residents = residents,
                Source = cells[3],
                ImportedAt = clock.GetUtcNow(),
            });
        }

        if (errors.Count > 0)
        {
            return new ImportResult(0, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var kommuner = rows.Keys.Select(k => k.Item1).Distinct().ToList();
        var existing = await db.BenefitPopulations.Where(b => kommuner.Contains(b.Kommunenummer)).ToListAsync(ct);
        foreach (var (key, (_, row)) in rows)
        {
            if (existing.FirstOrDefault(e => (e.Kommunenummer, e.Benefit, e.Year) == key) is { } old)
            {
                old.Residents = row.Residents;
                old.Source = row.Source;
                old.ImportedAt = row.ImportedAt;
            }
            else
            {
                db.BenefitPopulations.Add(row);
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ImportResult(rows.Count, []);
    }
}
