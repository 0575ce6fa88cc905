using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AktivResept.Domain.Text;
using AktivResept.Server.Fhir.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>A parsed request body: the resource, or the 400 answer saying why it is not one.</summary>
public sealed record FhirInput<T>(T? Resource, FhirResult? Error)
    where T : Resource;

/// <summary>
/// FHIR JSON in through Firely's System.Text.Json deserialiser, out through <see cref="FhirJsonWriter"/> (the same
/// bytes as Firely's serialiser, cheaper). A body that is not valid FHIR R4 (syntax,
/// unknown elements, base-spec cardinality, malformed primitives, codes outside required bindings) is a 400 naming each
/// element; our own profile and business rules are checked afterwards and answer 422.
/// </summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    private static readonly string[] JsonMediaTypes = [MediaType, "application/json", "application/json+fhir"];
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings());
    private static readonly FhirJsonSerializer Serializer = new();
    private static readonly FhirXmlDeserializer XmlDeserializer = new(new DeserializerSettings());
    private static readonly FhirXmlSerializer XmlSerializer = new();

    public static bool IsJsonMediaType(string? mediaType) =>
        mediaType is not null && JsonMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);

    public static string Serialize(Resource resource) => Serializer.SerializeToString(resource);

    /// <summary>Writes the resource in the format the request negotiated (<see cref="FhirFormat"/>): JSON, or XML through Firely's XML serialiser.</summary>
    public static async System.Threading.Tasks.Task WriteAsync(HttpContext http, Resource resource)
    {
        var pretty = string.Equals(http.Request.Query["_pretty"], "true", StringComparison.OrdinalIgnoreCase);
        var xml = FhirFormat.Of(http.Request) == FhirWireFormat.Xml;

        // The body is built whole before it is sent, so the writer's fallback can start again and Content-Length is
        // known; the buffer is one kept from an earlier response (a new, growing one each time was 1–2 % of a search).
        var buffer = ResponseBuffers.Get();
        try
        {
            if (xml)
            {
                buffer.Write(new UTF8Encoding(false).GetBytes(XmlSerializer.SerializeToString(resource, pretty)));
            }
            else
            {
                WriteJson(resource, buffer, pretty);
            }

            http.Response.ContentType = $"{(xml ? FhirFormat.XmlMediaType : MediaType)}; charset=utf-8";
            http.Response.ContentLength = buffer.WrittenCount;
            await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
        }
        finally
        {
            ResponseBuffers.Return(buffer);
        }
    }

    private static void WriteJson(Resource resource, ArrayBufferWriter<byte> buffer, bool pretty)
    {
        // Relaxed escaping keeps "ø" and "+" readable; the body is JSON for API clients, never inlined in HTML.
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = pretty, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (!FhirJsonWriter.TryWrite(resource, writer))
        {
            // Something the model does not map (elements kept from a parse): Firely's serialiser writes it all, from
            // the start.
            writer.Reset();
            buffer.ResetWrittenCount();
            Serializer.Serialize(resource, writer);
        }

        writer.Flush();
    }

    public static async Task<FhirInput<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : Resource
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var xml = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && FhirFormat.IsXmlMediaType(type.MediaType.Value);
        return Parse<T>(await reader.ReadToEndAsync(cancellationToken), xml);
    }

    public static FhirInput<T> Parse<T>(string body, bool xml = false)
        where T : Resource
    {
        var expected = ModelInfo.GetFhirTypeNameForType(typeof(T)) ?? typeof(T).Name;
        if (string.IsNullOrWhiteSpace(body))
        {
            return Invalid<T>(IssueType.Structure, FhirErrorCodes.BodyEmpty.With(("type", expected)));
        }

        Base? parsed;
        IReadOnlyCollection<CodedException> errors = [];
        try
        {
            parsed = xml ? XmlDeserializer.DeserializeResource(body) : Deserializer.DeserializeResource(body);
        }
        catch (DeserializationFailedException e)
        {
            parsed = e.PartialResult;
            errors = e.Exceptions;
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
            return Invalid<T>(IssueType.Structure, FhirErrorCodes.BodyNotJson.With(("detail", e.Message)));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or NotSupportedException)
        {
            return Invalid<T>(IssueType.Structure, FhirErrorCodes.BodyNotResource.With(("detail", e.Message)));
        }

        if (parsed is not T resource || parsed.TypeName != expected)
        {
            var actual = parsed?.TypeName is { Length: > 0 } name ? name : "no resource";
            return Invalid<T>(IssueType.Invalid, FhirErrorCodes.WrongResourceType.With(("expected", expected), ("actual", actual)), "resourceType");
        }

        if (errors.Count > 0)
        {
            return new FhirInput<T>(null, FhirResult.Errors(StatusCodes.Status400BadRequest, errors.Select(e => ToIssue(e, expected))));
        }

        var refused = new List<IssueComponent>();
        RefusedText(resource, expected, refused);
        return refused.Count > 0
            ? new FhirInput<T>(null, FhirResult.Errors(StatusCodes.Status400BadRequest, refused))
            : new FhirInput<T>(resource, null);
    }

    /// <summary>
    /// Every string in the resource through <see cref="StoredText"/> (Firely reads "\u0000" into a valid FHIR string,
    /// which PostgreSQL cannot store), each refusal an issue at the element's path.
    /// </summary>
    private static void RefusedText(Base node, string path, List<IssueComponent> issues)
    {
        if (node is PrimitiveType { JsonValue: string text } && StoredText.Check(text) is { } error)
        {
            issues.Add(OperationOutcomes.Issue(IssueType.Value, error, path));
        }

        foreach (var (name, value) in node.EnumerateElements())
        {
            switch (value)
            {
                case Base child:
                    RefusedText(child, $"{path}.{name}", issues);
                    break;
                case IReadOnlyList<Base> list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        RefusedText(list[i], $"{path}.{name}[{i}]", issues);
                    }

                    break;
            }
        }
    }

    private static IssueComponent ToIssue(CodedException error, string type)
    {
        if (error is not ExtendedCodedException extended)
        {
            return OperationOutcomes.Issue(IssueType.Structure, FhirErrorCodes.NotR4.With(("detail", error.Message)));
        }

        var path = extended.InstancePath;
        if (path is null || path == "$this")
        {
            path = null;
        }
        else if (path.StartsWith("$this", StringComparison.Ordinal))
        {
            path = type + path["$this".Length..];
        }

        // Firely's own message (and its issue type) says what is wrong with the element; our code says it is not R4.
        return OperationOutcomes.Issue(extended.IssueType, FhirErrorCodes.NotR4.With(("detail", extended.Message.Replace("$this", type, StringComparison.Ordinal))), path);
    }

    private static FhirInput<T> Invalid<T>(IssueType type, Domain.Errors.Error error, string? expression = null)
        where T : Resource =>
        new(null, FhirResult.Error(StatusCodes.Status400BadRequest, type, error, expression));
}
