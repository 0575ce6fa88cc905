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
            Format = ["json", FhirJson.MediaType],
            Rest =
            [
                new RestComponent
                {
                    Mode = RestfulCapabilityMode.Server,
                    Documentation = "Searches refuse unknown parameters (400) and page with _count (default 50, max 200) and _offset.",
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
        Documentation = capability.Documentation,
        Interaction = [.. capability.Interactions.Select(i => new ResourceInteractionComponent { Code = i })],
        Versioning = ResourceVersionPolicy.NoVersion,
        ReadHistory = false,
        UpdateCreate = false,
        ConditionalCreate = false,
        ConditionalUpdate = false,
        ConditionalDelete = ConditionalDeleteStatus.NotSupported,
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
