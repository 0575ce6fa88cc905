using System.Security.Cryptography;
using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir;

/// <summary>
/// Every resource we serve carries <c>meta.versionId</c>. ServiceRequest and Task carry a
/// stored counter; the others, which keep no versions, a digest of their content: it changes whenever the resource
/// does and never comes back to an older value by chance, but it is not a counter and has no history.
/// </summary>
public static class ResourceStamp
{
    public static T Ensure<T>(T resource)
        where T : Resource
    {
        if (resource is Bundle or OperationOutcome or CapabilityStatement || resource.Meta?.VersionId is not null)
        {
            return resource;
        }

        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(FhirJson.Serialize(resource)));
        resource.Meta ??= new Meta();
        resource.Meta.VersionId = Convert.ToHexStringLower(hash.AsSpan(0, 8));
        return resource;
    }
}
