using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AktivResept.Server.Fhir.Json;

/// <summary>A primitive's value in JSON, written by Firely's serialiser's own code (its protected <c>SerializePrimitiveValue</c>).</summary>
internal sealed class PrimitiveValues() : BaseFhirJsonSerializer(ModelInfo.ModelInspector)
{
    private static readonly PrimitiveValues Instance = new();

    public static void Write(PrimitiveType primitive, Utf8JsonWriter writer) => Instance.SerializePrimitiveValue(primitive, writer);
}
