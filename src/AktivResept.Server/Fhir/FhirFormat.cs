using Microsoft.Net.Http.Headers;

namespace AktivResept.Server.Fhir;

/// <summary>The two wire formats of FHIR R4, both written and read by Firely's serialisers.</summary>
public enum FhirWireFormat
{
    Json,
    Xml,
}

/// <summary>
/// Content negotiation: <c>_format</c> (json, xml or a FHIR media type) wins over Accept, as R4 asks; otherwise the
/// Accept type of highest quality that we can write, JSON for a wildcard or no Accept at all. Null: nothing we can write (406).
/// </summary>
public static class FhirFormat
{
    public const string XmlMediaType = "application/fhir+xml";

    private static readonly string[] JsonAliases = ["json", "application/json", FhirJson.MediaType, "application/json+fhir"];
    private static readonly string[] XmlAliases = ["xml", "application/xml", XmlMediaType, "application/xml+fhir", "text/xml"];

    public static bool IsXmlMediaType(string? mediaType) =>
        mediaType is not null && !mediaType.Equals("xml", StringComparison.OrdinalIgnoreCase) && XmlAliases.Contains(mediaType, StringComparer.OrdinalIgnoreCase);

    public static FhirWireFormat? Requested(HttpRequest request)
    {
        if (request.Query.TryGetValue("_format", out var format))
        {
            return Named(format.ToString().Split(';')[0].Trim());
        }

        var accept = request.Headers.Accept;
        if (accept.Count == 1 && accept[0] is { } only && only.Contains('/') && Named(only) is { } exact)
        {
            // One media type we write, with no parameters or list: what clients send on almost every request, known
            // without parsing the header (a fiftieth of a search's CPU, docs/benchmarks.md issue 19).
            return exact;
        }

        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types) || types.Count == 0)
        {
            return FhirWireFormat.Json;
        }

        foreach (var type in types.Where(t => t.Quality is not 0).OrderByDescending(t => t.Quality ?? 1))
        {
            var name = type.MediaType.Value;
            if (name is "*/*" or "application/*")
            {
                return FhirWireFormat.Json;
            }

            if (Named(name) is { } known)
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>What to write an answer in: the requested format, JSON when the request asks for none we write.</summary>
    public static FhirWireFormat Of(HttpRequest request) => Requested(request) ?? FhirWireFormat.Json;

    private static FhirWireFormat? Named(string? name) =>
        JsonAliases.Contains(name, StringComparer.OrdinalIgnoreCase) ? FhirWireFormat.Json
        : XmlAliases.Contains(name, StringComparer.OrdinalIgnoreCase) ? FhirWireFormat.Xml
        : null;
}
