using System.Reflection;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir;

/// <summary><c>GET /fhir/metadata</c>: built from the same capability records the endpoints check searches against.</summary>
public static class CapabilityStatementBuilder
{
    public static CapabilityStatement Build(IEnumerable<FhirResourceCapability> resources, string baseUrl, DateTimeOffset now)
    {
        var version = typeof(CapabilityStatementBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        return new CapabilityStatement
        {
            Url = $"{baseUrl}/metadata",
            Name = "AktivResept",
            Title = "AktivResept FHIR R4 facade",
            Status = PublicationStatus.Active,
            Experimental = false,
            Date = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Publisher = "AktivResept",
            Description = "Exercise on prescription: referrals (ServiceRequest), their fulfilment (Task), weekly adherence " +
                          "(Observation) and the closing summary (DiagnosticReport), participants (Patient), the " +
                          "provider directory, and claims to payers with their decisions (Claim, ClaimResponse). " +
                          "Mapping and extensions: docs/fhir.md.",
            Kind = CapabilityStatementKind.Instance,
            Software = new SoftwareComponent { Name = "AktivResept", Version = version.Split('+')[0] },
            Implementation = new ImplementationComponent { Description = "AktivResept", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json", "xml", FhirJson.MediaType, FhirFormat.XmlMediaType],
            Rest =
            [
                new RestComponent
                {
                    Mode = RestfulCapabilityMode.Server,
                    Documentation = "Every search also answers POST [type]/_search with the parameters as a form. Unknown " +
                                    "parameters are ignored and named in an OperationOutcome entry (search mode outcome), or " +
                                    "refused with 400 under Prefer: handling=strict. Pages: _count (default 50, max 200) and " +
                                    "_offset over a stable order, with self/next/previous links. _format=json|xml (or Accept).",
                    Security = Security(),
                    Resource = [.. resources.Select(Resource)],
                },
            ],
        };
    }

    private static SecurityComponent Security() => new()
    {
        Cors = false,
        Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth", null)],
        Description = "Every interaction except metadata needs an OAuth 2.0 bearer token (Authorization: Bearer …): " +
                      "HelseID for health personnel and EHR systems (with the HPR number), ID-porten for citizens. " +
                      "What a caller sees follows its role and relationship to the data; every access to personal data is audited.",
    };

    private static ResourceComponent Resource(FhirResourceCapability capability) => new()
    {
        Type = capability.Type,
        Profile = $"http://hl7.org/fhir/StructureDefinition/{capability.Type}",
        Documentation = capability.Sorts.Count == 0
            ? capability.Documentation
            : $"{capability.Documentation} _sort: {string.Join(", ", capability.Sorts)} (prefix - for descending).",
        Interaction = [.. capability.Interactions.Select(i => new ResourceInteractionComponent { Code = i })],
        // Every resource carries meta.versionId; only the versioned ones keep their versions (vread, _history), and an
        // update there honours If-Match.
        Versioning = !capability.Versioned ? ResourceVersionPolicy.Versioned
            : capability.Interactions.Contains(TypeRestfulInteraction.Update) ? ResourceVersionPolicy.VersionedUpdate
            : ResourceVersionPolicy.Versioned,
        ReadHistory = capability.Versioned,
        UpdateCreate = false,
        ConditionalCreate = capability.ConditionalCreate,
        ConditionalUpdate = false,
        ConditionalDelete = ConditionalDeleteStatus.NotSupported,
        SearchInclude = capability.Includes,
        SearchRevInclude = capability.RevIncludes,
        SearchParam =
        [
            .. capability.SearchParams.Select(p => new CapabilityStatement.SearchParamComponent
            {
                Name = p.Name,
                Type = p.Type,
                Definition = p.Definition,
                Documentation = p.Documentation,
            }),
        ],
    };
}
