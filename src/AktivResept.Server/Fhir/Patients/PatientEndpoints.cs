using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.RateLimits;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir.Patients;

public static class PatientEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "Patient",
        [TypeRestfulInteraction.Create, TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            new FhirSearchParam("identifier", SearchParamType.Token,
                $"Required. The exact national id: {NationalIdSystems.Fodselsnummer}|<fødselsnummer> or {NationalIdSystems.DNumber}|<D-number>.")
            {
                Definition = "http://hl7.org/fhir/SearchParameter/Patient-identifier",
            },
        ],
        "Participants. Create (health professionals only) needs identifier (fødselsnummer or D-number), name and the home " +
        $"municipality as the extension {FhirSystems.MunicipalityExtension} on address[0] (or a 4-digit kommunenummer in " +
        "address[0].district); a person already registered gives 200 with the existing Patient. A health professional's " +
        "search and create state their purpose in the X-Purpose-Of-Use header (ny-henvisning or oppfolging; 400 without). " +
        "Visible to health professionals with a running care relationship (a look-up or registration, expiring) or a " +
        "prescription for the person (until its end plus the after-care period), to the " +
        "person, and to the provider and trainer the person's prescription went to (without the national id). " +
        "Conditional create: If-None-Exist: identifier=<system>|<number> gives 200 with the one match, creates when none " +
        "matches, and 412 when several do. Search also by POST Patient/_search (form body), keeping the number out of URLs.")
    {
        ConditionalCreate = true,
    };

    public static RouteGroupBuilder MapPatients(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/Patient", async (HttpRequest request, ICurrentUserAccessor me, RegisterPatient handler, ConditionalCreatePatient conditional, CancellationToken ct) =>
        {
            var input = await FhirJson.ReadAsync<Patient>(request, ct);
            if (input.Error is not null)
            {
                return input.Error;
            }

            // A registration may find someone already known: it is a look-up, and states its purpose like one.
            var user = me.Caller();
            var (purpose, purposeError) = PatientQueries.StatedPurpose(user, request);
            if (purposeError is not null)
            {
                return purposeError;
            }

            return request.Headers.TryGetValue("If-None-Exist", out var criteria)
                ? await conditional.HandleAsync(user, input.Resource!, criteria.ToString(), purpose, ct)
                : await handler.HandleAsync(user, input.Resource!, purpose, ct);
        }).CountsAsNationalIdLookup();
        fhir.MapGet("/Patient/{id:guid}", (Guid id, ICurrentUserAccessor me, PatientQueries queries, CancellationToken ct) =>
            queries.ReadAsync(me.Caller(), id, ct));
        fhir.MapSearch(fhir.MapGet("/Patient", SearchAsync), fhir.MapPost("/Patient" + FhirSearchEndpoints.SearchSegment, SearchAsync)).CountsAsNationalIdLookup();
        return fhir;
    }

    private static Task<FhirResult> SearchAsync(HttpRequest request, ICurrentUserAccessor me, PatientQueries queries, CancellationToken ct) =>
        queries.SearchAsync(me.Caller(), request, ct);
}
