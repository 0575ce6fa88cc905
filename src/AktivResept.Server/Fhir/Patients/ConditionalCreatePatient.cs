using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.WebUtilities;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir.Patients;

/// <summary>
/// <c>POST /fhir/Patient</c> with <c>If-None-Exist: identifier=system|value</c> (R4 conditional create): the criteria
/// are a Patient search (in a header, so the national id stays out of the URL). One match: 200 with it, nothing
/// created; none: the create goes ahead (201); two or more: 412. Criteria that are not Patient search parameters are a
/// 400 (ignoring one would widen the match).
/// </summary>
public sealed class ConditionalCreatePatient(RegisterPatient register, PatientQueries patients, AuditLog audit)
{
    public async Task<FhirResult> HandleAsync(CurrentUser user, Patient resource, string ifNoneExist, string? purpose, CancellationToken ct)
    {
        if (!PatientAccess.IsHealthProfessional(user))
        {
            return await register.HandleAsync(user, resource, purpose, ct);
        }

        var criteria = QueryHelpers.ParseQuery(ifNoneExist.TrimStart('?'));
        var (query, error) = FhirQuery.Parse(criteria, PatientEndpoints.Capability, strict: true);
        if (query is null || query["identifier"] is not { } identifier)
        {
            return error ?? FhirResult.Error(StatusCodes.Status400BadRequest, IssueType.Invalid,
                FhirErrorCodes.ConditionalCreateCriteria.With(("type", "Patient")));
        }

        var matches = await patients.MatchAsync(user, identifier, purpose, ct);
        await audit.SaveAsync(ct);
        return matches.Count switch
        {
            0 => await register.HandleAsync(user, resource, purpose, ct),
            1 => FhirResult.Ok(await patients.PatientAsync(user, matches[0], ct)),
            _ => FhirResult.Error(StatusCodes.Status412PreconditionFailed, IssueType.MultipleMatches,
                FhirErrorCodes.ConditionalCreateMultiple.With(("count", matches.Count), ("type", "Patient"))),
        };
    }
}
