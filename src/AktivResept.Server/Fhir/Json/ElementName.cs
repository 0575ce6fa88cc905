using System.Collections.Concurrent;
using System.Text.Json;

namespace AktivResept.Server.Fhir.Json;

/// <summary>How one element of a type is written: its JSON names, encoded once, and whether it is a list or a choice.</summary>
internal sealed class ElementName(string name, bool isList, bool listOfPrimitives, bool isChoice)
{
    private readonly ConcurrentDictionary<string, (JsonEncodedText Name, JsonEncodedText Underscored)> _suffixed = new(StringComparer.Ordinal);

    public JsonEncodedText Name { get; } = JsonEncodedText.Encode(name);

    public JsonEncodedText Underscored { get; } = JsonEncodedText.Encode("_" + name);

    public bool IsList { get; } = isList;

    public bool ListOfPrimitives { get; } = listOfPrimitives;

    /// <summary>A choice (<c>value[x]</c>): its JSON name carries the type of the value it holds.</summary>
    public bool IsChoice { get; } = isChoice;

    /// <summary>The names for a choice holding a value of FHIR type <paramref name="typeName"/> (valueString, _valueString).</summary>
    public (JsonEncodedText Name, JsonEncodedText Underscored) For(string typeName) =>
        _suffixed.GetOrAdd(typeName, static (type, element) =>
        {
            var name = element.Name.Value + char.ToUpperInvariant(type[0]) + type[1..];
            return (JsonEncodedText.Encode(name), JsonEncodedText.Encode("_" + name));
        }, this);
}
