using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir.Directory;

public static class PractitionerRoleEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "PractitionerRole",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            new FhirSearchParam("organization", SearchParamType.Reference, "Organization/{id}: the provider's trainers.") { Definition = "http://hl7.org/fhir/SearchParameter/PractitionerRole-organization" },
            new FhirSearchParam("specialty", SearchParamType.Token, $"{FhirSystems.CertificationKindSystem}|<kind>: a certification valid today.") { Definition = "http://hl7.org/fhir/SearchParameter/PractitionerRole-specialty" },
            DirectorySearch.MunicipalityParam("roles at providers with a location in the municipality"),
        ],
        "Trainers' positions at organisations (a shared position is several roles): practitioner (display name), " +
        $"organization, code (title), specialty (certification kinds valid today) and {FhirSystems.CertificationExtension} " +
        "(kind, issuer, period) per certification. Readable by every signed-in role; reads are audited.");

    public static RouteGroupBuilder MapPractitionerRoles(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/PractitionerRole/{id:guid}", (Guid id, ICurrentUserAccessor me, PractitionerRoleQueries queries, CancellationToken ct) =>
            queries.ReadAsync(me.Caller(), id, ct));
        fhir.MapSearch(fhir.MapGet("/PractitionerRole", SearchAsync), fhir.MapPost("/PractitionerRole" + FhirSearchEndpoints.SearchSegment, SearchAsync));
        return fhir;
    }

    private static Task<FhirResult> SearchAsync(HttpRequest request, ICurrentUserAccessor me, PractitionerRoleQueries queries, CancellationToken ct) =>
        queries.SearchAsync(me.Caller(), request, ct);
}
