using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Person = AktivResept.Server.Features.People.Person;

namespace AktivResept.Server.Fhir.Patients;

/// <summary>
/// <c>POST /fhir/Patient</c>: a health professional registers a person. A person we already know is not registered
/// twice: the answer is 200 with the existing Patient (as a conditional create on the national id would give),
/// unchanged by the posted names or address.
/// </summary>
public sealed class RegisterPatient(AktivDbContext db, PersonDirectory people, AuditLog audit, PersonLookups lookups, IOptions<TestIdentityOptions> identity)
{
    public async Task<FhirResult> HandleAsync(CurrentUser user, Patient resource, string? purpose, CancellationToken ct)
    {
        if (!PatientAccess.IsHealthProfessional(user))
        {
            await audit.DeniedAsync(user, "Patient", AuditAction.Create, ct);
            return FhirResult.Error(StatusCodes.Status403Forbidden, FhirErrorCodes.HealthProfessionalOnly);
        }

        // A health professional states a purpose (the endpoint checked it); registering is preparing a referral.
        var why = purpose ?? LookupPurpose.NewReferral;
        var issues = new FhirIssues();
        var input = PatientMapping.Read(resource, identity.Value.AllowTestIdentities, issues);
        if (input is null)
        {
            return issues.ToResult();
        }

        var municipality = await MunicipalityNameAsync(input.Kommunenummer, ct);
        if (municipality is null)
        {
            issues.Add(input.MunicipalityExpression, ApiErrorCodes.MunicipalityNotServed);
            return issues.ToResult();
        }

        if (await people.FindAsync(input.NationalId, ct) is { } existing)
        {
            return await ExistingAsync(user, existing, input.NationalId, why, ct);
        }

        var person = people.Register(input.NationalId, input.GivenName, input.FamilyName, input.Kommunenummer);
        audit.Add(user, $"Patient/{person.Id}", AuditAction.Create, AuditOutcome.Success, person.Id, why);
        lookups.RelateRegistered(user, person, why);
        try
        {
            await db.SaveInsertsAsOneBatchAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone registered the same person a moment before us: the unique hash index kept one row.
            var winner = await FindAfterRaceAsync(input.NationalId, ct);
            if (winner is null)
            {
                throw;
            }

            return await ExistingAsync(user, winner, input.NationalId, why, ct);
        }

        return FhirResult.Created(PatientMapping.ToFhir(person, input.NationalId, municipality), $"{FhirPaths.Root}/Patient/{person.Id}");
    }

    private async Task<FhirResult> ExistingAsync(CurrentUser user, Person existing, Fodselsnummer nationalId, string purpose, CancellationToken ct)
    {
        await lookups.RecordAsync(user, PatientAccess.IdentifierLookup, AuditAction.Search, AuditOutcome.Success, existing.Id, purpose, relates: true, ct);
        await audit.SaveAsync(ct);
        return FhirResult.Ok(PatientMapping.ToFhir(existing, nationalId, await MunicipalityNameAsync(existing.Kommunenummer, ct)));
    }

    private async Task<Person?> FindAfterRaceAsync(Fodselsnummer nationalId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await people.FindAsync(nationalId, ct);
    }

    private Task<string?> MunicipalityNameAsync(string kommunenummer, CancellationToken ct) =>
        MunicipalityNames.OfAsync(db, kommunenummer, ct);
}
