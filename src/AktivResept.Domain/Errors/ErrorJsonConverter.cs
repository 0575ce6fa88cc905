using System.Text.Json;
using System.Text.Json.Serialization;

namespace AktivResept.Domain.Errors;

/// <summary>Writes an error as clients see it: <c>{ "code", "message", "args" }</c>. Errors are never read back.</summary>
public sealed class ErrorJsonConverter : JsonConverter<Error>
{
    public override Error Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Errors are written, not read.");

    public override void Write(Utf8JsonWriter writer, Error value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("code", value.Code);
        writer.WriteString("message", value.Message);
        writer.WritePropertyName("args");
        JsonSerializer.Serialize(writer, value.WireArgs(), options);
        writer.WriteEndObject();
    }
}
