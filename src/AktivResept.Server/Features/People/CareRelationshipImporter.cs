using System.Globalization;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Import;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.People;

/// <summary>How many rows were stored, and how many named people we hold no record of (and so did not store).</summary>
public sealed record CareRelationshipImportResult(int Imported, int NotOurs, IReadOnlyList<ImportRowError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Fills the built-in care-relationship store from an extract of the regular-GP register (Fastlegeregisteret, via
/// Helfo): CSV <c>nationalId,hpr,organisationNumber,since</c>. It is the adapter's built-in side until the register is
/// read directly (issue 20 item 7, <c>docs/adr/0008-referrer-scope.md</c>). Only people we already hold a record of are
/// stored — the register covers everyone, we need to know about our participants only — and a row replaces that
/// person's current relationship (at most one each). Every row is checked first; one bad row means nothing is stored.
/// </summary>
public sealed class CareRelationshipImporter(AktivDbContext db, NationalIdLookupHash lookupHash, IOptions<TestIdentityOptions> identity)
{
    private sealed record Row(int Line, string NationalIdHash, string Hpr, string Organisation, DateOnly Since);

    public async Task<CareRelationshipImportResult> ImportAsync(TextReader reader, CancellationToken ct)
    {
        var (rows, errors) = await ParseAsync(reader, ct);
        if (errors.Count > 0)
        {
            return new CareRelationshipImportResult(0, 0, errors);
        }

        // The extract is the register's current state: a later row for the same person wins.
        var latest = rows.GroupBy(r => r.NationalIdHash, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var hashes = latest.Select(r => r.NationalIdHash).ToList();
        var people = await db.People.Where(p => hashes.Contains(p.NationalIdHash))
            .Select(p => new { p.Id, p.NationalIdHash }).ToDictionaryAsync(p => p.NationalIdHash, p => p.Id, StringComparer.Ordinal, ct);
        var personIds = people.Values.ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.CareRelationships.Where(c => personIds.Contains(c.PersonId)).ToDictionaryAsync(c => c.PersonId, ct);
        var imported = 0;
        foreach (var row in latest)
        {
            if (!people.TryGetValue(row.NationalIdHash, out var personId))
            {
                continue;
            }

            if (!existing.TryGetValue(personId, out var relationship))
            {
                relationship = new CareRelationship { PersonId = personId };
                db.CareRelationships.Add(relationship);
            }

            relationship.Hpr = row.Hpr;
            relationship.OrganisationNumber = row.Organisation;
            relationship.Since = OsloCalendar.StartOf(row.Since);
            imported++;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new CareRelationshipImportResult(imported, latest.Count - imported, []);
    }

    private async Task<(List<Row> Rows, List<ImportRowError> Errors)> ParseAsync(TextReader reader, CancellationToken ct)
    {
        var errors = new List<ImportRowError>();
        var rows = new List<Row>();
        await foreach (var (lineNumber, cells) in CsvImportRows.ReadAsync(reader, "nationalId", ct))
        {
            if (cells.Length != 4)
            {
                errors.Add(new ImportRowError(lineNumber, "row", ApiErrorCodes.CareRelationshipImportRow));
                continue;
            }

            var rowErrors = errors.Count;
            if (!Fodselsnummer.TryParse(cells[0], identity.Value.AllowTestIdentities, out var id, out var idError))
            {
                errors.Add(new ImportRowError(lineNumber, "nationalId", idError));
            }

            if (!HprNumber.TryParse(cells[1], out var hpr, out var hprError))
            {
                errors.Add(new ImportRowError(lineNumber, "hpr", hprError));
            }

            if (!OrganisationNumber.TryParse(cells[2], out var organisation, out var organisationError))
            {
                errors.Add(new ImportRowError(lineNumber, "organisationNumber", organisationError));
            }

            if (!DateOnly.TryParseExact(cells[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var since))
            {
                errors.Add(new ImportRowError(lineNumber, "since", ErrorCodes.DateFormat));
            }

            if (errors.Count == rowErrors)
            {
                rows.Add(new Row(lineNumber, lookupHash.Of(id!), hpr!.Value, organisation!.Value, since));
            }
        }

        return (rows, errors);
    }
}
