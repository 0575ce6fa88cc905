using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Person = AktivResept.Server.Features.People.Person;

namespace AktivResept.Server.Fhir.Patients;

/// <summary>Patient read and search by national id, within <see cref="PatientAccess"/>; every answer is audited.</summary>
public sealed class PatientQueries(AktivDbContext db, PersonDirectory people, PatientAccess access, PersonLookups lookups, AuditLog audit, TimeProvider clock, IOptions<TestIdentityOptions> identity)
{
    public async Task<FhirResult> ReadAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null || !await access.CanSeeAsync(user, person.Id, ct))
        {
            audit.Add(user, $"Patient/{id}", AuditAction.Read, AuditOutcome.Denied, person?.Id);
            await audit.SaveAsync(ct);
            return FhirResult.NotFound();
        }

        audit.Add(user, $"Patient/{person.Id}", AuditAction.Read, AuditOutcome.Success, person.Id);
        await audit.SaveAsync(ct);
        return FhirResult.Ok(await ToFhirAsync(user, person, ct));
    }

    /// <summary>
    /// <c>GET /fhir/Patient?identifier=system|number</c>. The number is in the query string here, so it is never
    /// logged (FhirModule keeps request logging from writing URLs) nor written to the audit log, which records the
    /// person's internal id instead.
    /// </summary>
    public async Task<FhirResult> SearchAsync(CurrentUser user, HttpRequest request, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, PatientEndpoints.Capability);
        if (query is null)
        {
            return error!;
        }

        if (query["identifier"] is not { } value)
        {
            return FhirResult.Error(StatusCodes.Status400BadRequest, FhirErrorCodes.SearchFilterRequired.With(
                ("type", "Patients"), ("filters", $"identifier={NationalIdSystems.Fodselsnummer}|<fødselsnummer> (or the D-number system)")));
        }

        var (purpose, purposeError) = StatedPurpose(user, request);
        if (purposeError is not null)
        {
            return purposeError;
        }

        var found = new List<Resource>();
        foreach (var person in await MatchAsync(user, value, purpose, ct))
        {
            found.Add(await ToFhirAsync(user, person, ct));
        }

        await audit.SaveAsync(ct);
        var page = found.Skip(query.Offset).Take(query.Count);
        return FhirResult.Ok(SearchBundle.Create(request, "Patient", query, page, found.Count, clock.GetUtcNow()));
    }

    /// <summary>
    /// The people an <c>identifier</c> search value finds that the caller may find by national id (comma: any of
    /// several), each lookup recorded with its purpose by internal id (<see cref="PersonLookups"/>: audit, a
    /// relationship for a health professional, the alert volume); the caller saves the rows. A null purpose is the
    /// role's own (for callers who can only find people they already see).
    /// </summary>
    public async Task<List<Person>> MatchAsync(CurrentUser user, string identifier, string? purpose, CancellationToken ct)
    {
        var found = new List<Person>();
        foreach (var token in FhirReferences.Alternatives(identifier).Select(Token.Parse))
        {
            var person = await FindAsync(token, ct);
            if (person is null)
            {
                await RecordAsync(user, AuditOutcome.Success, null, purpose, ct);
            }
            else if (!await access.CanFindByNationalIdAsync(user, person.Id, ct))
            {
                await RecordAsync(user, AuditOutcome.Denied, person.Id, purpose, ct);
            }
            else if (found.All(p => p.Id != person.Id))
            {
                await RecordAsync(user, AuditOutcome.Success, person.Id, purpose, ct);
                found.Add(person);
            }
        }

        return found;
    }

    /// <summary>
    /// The purpose a health professional must state for a look-up (<see cref="PurposeOfUse"/>); other roles find only
    /// people they already see, under their role's purpose.
    /// </summary>
    public static (string? Purpose, FhirResult? Error) StatedPurpose(CurrentUser user, HttpRequest request) =>
        PatientAccess.IsHealthProfessional(user) ? PurposeOfUse.Read(request) : (null, null);

    private System.Threading.Tasks.Task RecordAsync(CurrentUser user, AuditOutcome outcome, Guid? personId, string? purpose, CancellationToken ct)
    {
        if (purpose is null)
        {
            audit.Add(user, PatientAccess.IdentifierLookup, AuditAction.Search, outcome, personId);
            return System.Threading.Tasks.Task.CompletedTask;
        }

        return lookups.RecordAsync(user, PatientAccess.IdentifierLookup, AuditAction.Search, outcome, personId, purpose, relates: true, ct);
    }

    /// <summary>The Patient of each person the caller may see (for <c>_include</c>), each read audited; the others left out.</summary>
    public async Task<List<Resource>> VisibleAsync(CurrentUser user, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var found = new List<Resource>();
        foreach (var person in await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct))
        {
            if (await access.CanSeeAsync(user, person.Id, ct))
            {
                audit.Add(user, $"Patient/{person.Id}", AuditAction.Read, AuditOutcome.Success, person.Id);
                found.Add(await ToFhirAsync(user, person, ct));
            }
        }

        await audit.SaveAsync(ct);
        return found;
    }

    /// <summary>The Patient for one matched person, as this caller may see it.</summary>
    public Task<Patient> PatientAsync(CurrentUser user, Person person, CancellationToken ct) => ToFhirAsync(user, person, ct);

    private async Task<Person?> FindAsync(Token token, CancellationToken ct)
    {
        if (token.System is { } system && system is not (NationalIdSystems.Fodselsnummer or NationalIdSystems.DNumber))
        {
            return null;
        }

        return Fodselsnummer.TryParse(token.Code, identity.Value.AllowTestIdentities, out var id, out _)
            ? await people.FindAsync(id, ct)
            : null;
    }

    private async Task<Patient> ToFhirAsync(CurrentUser user, Person person, CancellationToken ct)
    {
        var municipality = await MunicipalityNames.OfAsync(db, person.Kommunenummer, ct);
        var nationalId = PatientAccess.ShowsNationalId(user)
            ? Fodselsnummer.Parse(people.NationalIdOf(person), allowSynthetic: true)
            : null;
        return PatientMapping.ToFhir(person, nationalId, municipality);
    }
}
