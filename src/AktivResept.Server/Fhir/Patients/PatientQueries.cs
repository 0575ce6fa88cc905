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
public sealed class PatientQueries(AktivDbContext db, PersonDirectory people, PatientAccess access, AuditLog audit, TimeProvider clock, IOptions<TestIdentityOptions> identity)
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

        var person = await FindAsync(Token.Parse(value), ct);
        List<Resource> found = [];
        if (person is null)
        {
            audit.Add(user, PatientAccess.IdentifierLookup, AuditAction.Search, AuditOutcome.Success);
        }
        else if (!await access.CanFindByNationalIdAsync(user, person.Id, ct))
        {
            audit.Add(user, PatientAccess.IdentifierLookup, AuditAction.Search, AuditOutcome.Denied, person.Id);
        }
        else
        {
            audit.Add(user, PatientAccess.IdentifierLookup, AuditAction.Search, AuditOutcome.Success, person.Id);
            found.Add(await ToFhirAsync(user, person, ct));
        }

        await audit.SaveAsync(ct);
        var page = found.Skip(query.Offset).Take(query.Count);
        return FhirResult.Ok(SearchBundle.Create(request, "Patient", query, page, found.Count, clock.GetUtcNow()));
    }

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
        var municipality = await db.Municipalities.Where(m => m.Kommunenummer == person.Kommunenummer).Select(m => m.Name).FirstOrDefaultAsync(ct);
        var nationalId = PatientAccess.ShowsNationalId(user)
            ? Fodselsnummer.Parse(people.NationalIdOf(person), allowSynthetic: true)
            : null;
        return PatientMapping.ToFhir(person, nationalId, municipality);
    }
}
