using System.Collections.Concurrent;
using System.Text.Json;
using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir.Json;

/// <summary>The elements of a FHIR type by the names its POCO enumerates them with, built once per type from Firely's model.</summary>
internal sealed class ElementNames
{
    private static readonly ConcurrentDictionary<Type, ElementNames?> ByType = new();

    private readonly Dictionary<string, ElementName> _elements;

    private ElementNames(ClassMapping mapping, Type type)
    {
        _elements = mapping.PropertyMappings.ToDictionary(
            p => p.Name,
            p => new ElementName(
                p.Name,
                p.IsCollection,
                p.IsCollection && typeof(PrimitiveType).IsAssignableFrom(p.ImplementingType),
                p.Choice == ChoiceType.DatatypeChoice),
            StringComparer.Ordinal);
        ResourceType = typeof(Resource).IsAssignableFrom(type) ? JsonEncodedText.Encode(mapping.Name) : null;
    }

    /// <summary>The <c>resourceType</c> written first, for a resource.</summary>
    public JsonEncodedText? ResourceType { get; }

    /// <summary>The names of <paramref name="type"/>; null for a type Firely's model does not map, or maps only at run time.</summary>
    public static ElementNames? Of(Type type) => ByType.GetOrAdd(type, static t => Build(t));

    private static ElementNames? Build(Type type) =>
        !typeof(DynamicResource).IsAssignableFrom(type) && ModelInfo.ModelInspector.FindOrImportClassMapping(type) is { } mapping
            ? new ElementNames(mapping, type)
            : null;

    public ElementName? Find(string name) => _elements.GetValueOrDefault(name);
}
