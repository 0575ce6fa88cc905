using AktivResept.Domain.Identifiers;
using AktivResept.Server.Data;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir.Directory;

public static class OrganizationEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "Organization",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            DirectorySearch.NameParam("http://hl7.org/fhir/SearchParameter/Organization-name"),
            new FhirSearchParam("identifier", SearchParamType.Token, $"{NationalIdSystems.OrganisationNumber}|<organisasjonsnummer>.") { Definition = "http://hl7.org/fhir/SearchParameter/Organization-identifier" },
            DirectorySearch.MunicipalityParam("providers with a location in the municipality"),
        ],
        "Providers (gyms), identified by organisasjonsnummer. Readable by every signed-in role.");

    public static RouteGroupBuilder MapOrganizations(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Organization/{id:guid}", async (Guid id, AktivDbContext db, CancellationToken ct) =>
            await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } provider
                ? FhirResult.Ok(DirectoryMapping.ToFhir(provider))
                : FhirResult.NotFound());
        fhir.MapSearch(fhir.MapGet("/Organization", SearchAsync), fhir.MapPost("/Organization" + FhirSearchEndpoints.SearchSegment, SearchAsync));
        return fhir;
    }

    private static async Task<FhirResult> SearchAsync(HttpRequest request, AktivDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, Capability);
        if (query is null)
        {
            return error!;
        }

        var q = DirectorySearch.ByName(db.Providers.AsNoTracking(), query, p => p.Name);
        if (query["identifier"] is { } identifier)
        {
            var numbers = FhirReferences.Alternatives(identifier).Select(Token.Parse)
                .Where(t => t.IsIn(NationalIdSystems.OrganisationNumber)).Select(t => t.Code).ToList();
            q = q.Where(p => numbers.Contains(p.OrganisationNumber));
        }

        if (query["municipality"] is { } municipality)
        {
            var kommuner = DirectorySearch.Municipalities(municipality);
            q = q.Where(p => p.Locations.Any(l => kommuner.Contains(l.Kommunenummer)));
        }

        var (page, total) = await DirectorySearch.PageAsync(q.OrderBy(p => p.Name).ThenBy(p => p.Id), query, ct);
        return FhirResult.Ok(SearchBundle.Create(request, Capability.Type, query, page.Select(DirectoryMapping.ToFhir), total, clock.GetUtcNow()));
    }
}
