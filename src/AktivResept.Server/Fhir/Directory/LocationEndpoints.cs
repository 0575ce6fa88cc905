using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir.Directory;

public static class LocationEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "Location",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            DirectorySearch.NameParam("http://hl7.org/fhir/SearchParameter/Location-name"),
            new FhirSearchParam("organization", SearchParamType.Reference, "Organization/{id}: the provider's locations.") { Definition = "http://hl7.org/fhir/SearchParameter/Location-organization" },
            DirectorySearch.MunicipalityParam("locations in the municipality"),
        ],
        "Where providers deliver training: address (with the municipality extension), position, opening hours " +
        $"(availabilityExceptions) and universal-design features ({FhirSystems.AccessibilityExtension}). Readable by every signed-in role.");

    public static RouteGroupBuilder MapLocations(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Location/{id:guid}", async (Guid id, AktivDbContext db, CancellationToken ct) =>
        {
            var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
            if (location is null)
            {
                return FhirResult.NotFound();
            }

            var municipality = await MunicipalityNames.OfAsync(db, location.Kommunenummer, ct);
            return FhirResult.Ok(DirectoryMapping.ToFhir(location, municipality));
        });
        fhir.MapSearch(fhir.MapGet("/Location", SearchAsync), fhir.MapPost("/Location" + FhirSearchEndpoints.SearchSegment, SearchAsync));
        return fhir;
    }

    private static async Task<FhirResult> SearchAsync(HttpRequest request, AktivDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, Capability);
        if (query is null)
        {
            return error!;
        }

        var q = DirectorySearch.ByName(db.Locations.AsNoTracking(), query, l => l.Name);
        if (query["organization"] is { } organization)
        {
            var providers = SearchValues.References(organization, "Organization");
            q = q.Where(l => providers.Contains(l.ProviderId));
        }

        if (query["municipality"] is { } municipality)
        {
            var kommuner = DirectorySearch.Municipalities(municipality);
            q = q.Where(l => kommuner.Contains(l.Kommunenummer));
        }

        var (page, total) = await DirectorySearch.PageAsync(q.OrderBy(l => l.Name).ThenBy(l => l.Id), query, ct);
        var inPage = page.Select(l => l.Kommunenummer).Distinct().ToList();
        var names = await db.Municipalities.AsNoTracking().Where(m => inPage.Contains(m.Kommunenummer)).ToDictionaryAsync(m => m.Kommunenummer, m => m.Name, ct);
        var resources = page.Select(l => DirectoryMapping.ToFhir(l, names.GetValueOrDefault(l.Kommunenummer)));
        return FhirResult.Ok(SearchBundle.Create(request, Capability.Type, query, resources, total, clock.GetUtcNow()));
    }
}
