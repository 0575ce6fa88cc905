using System.Text.Json;
using System.Text.Json.Serialization;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Text;

namespace AktivResept.Server.Common.Http;

/// <summary>A JSON string the <see cref="StoredText"/> rule refuses; the serializer adds the path of the field.</summary>
public sealed class RefusedTextException(Error error) : JsonException(error.Message)
{
    public Error Error { get; } = error;
}

/// <summary>
/// Reads every string of every JSON request body through <see cref="StoredText"/>, so no handler can receive a NUL or
/// an unpaired surrogate (which System.Text.Json would otherwise decode into a string, or fail on with an exception
/// that is no <see cref="JsonException"/>). Writing is unchanged.
/// </summary>
public sealed class StoredTextJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? Checked(ref reader)
            : throw new JsonException(); // a number, object or array where text belongs: the plain "wrong type" answer

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string Checked(ref Utf8JsonReader reader)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped unpaired surrogate ("\ud800") or bytes that are not UTF-8 cannot become a .NET string.
            throw new RefusedTextException(ErrorCodes.TextNotUnicode);
        }

        return StoredText.Check(text) is { } error ? throw new RefusedTextException(error) : text;
    }
}
