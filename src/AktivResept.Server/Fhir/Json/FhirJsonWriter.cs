using System.Collections;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AktivResept.Server.Fhir.Json;

/// <summary>
/// Writes a Firely resource as FHIR JSON (https://hl7.org/fhir/R4/json.html), the same bytes as Firely's
/// <see cref="FhirJsonSerializer"/> (tests compare the two), at a fraction of its cost. The profile of a search
/// returning ten ServiceRequests had over a quarter of the app's CPU in Firely's serialiser, most of it looking up
/// each element's mapping and encoded name again for every element written, enumerating every primitive's children to
/// learn it has none, and casting lists through covariant interfaces (docs/benchmarks.md, issue 19). Here each type's
/// names are encoded once (<see cref="ElementNames"/>); the elements are the POCO's own enumeration, in its order; each
/// primitive's value is written by Firely's own code (<see cref="PrimitiveValues"/>), so dates, decimals and base64
/// come out exactly as before. Anything the model does not map (elements kept from a parse as overflow, run-time
/// resource types) makes <see cref="TryWrite"/> refuse, and the caller uses Firely's serialiser instead.
/// </summary>
public static class FhirJsonWriter
{
    private static readonly JsonEncodedText ResourceTypeName = JsonEncodedText.Encode("resourceType");

    /// <summary>Writes <paramref name="resource"/>; false, with the writer's output to be discarded, when the model does not map all of it.</summary>
    public static bool TryWrite(Base resource, Utf8JsonWriter writer)
    {
        var starts = new DeferredStarts(writer);
        if (!TryWriteObject(resource, null, starts, nullIfEmpty: false, keep: true))
        {
            return false;
        }

        writer.Flush();
        return true;
    }

    private static bool TryWriteObject(Base element, JsonEncodedText? name, DeferredStarts starts, bool nullIfEmpty, bool keep = false)
    {
        if (ElementNames.Of(element.GetType()) is not { } names)
        {
            return false;
        }

        starts.StartObject(name, nullIfEmpty, keep);
        if (names.ResourceType is { } resourceType)
        {
            starts.Content.WriteString(ResourceTypeName, resourceType);
        }

        foreach (var (key, value) in element.EnumerateElements())
        {
            if (names.Find(key) is not { } member || !TryWriteMember(member, value, starts))
            {
                return false;
            }
        }

        starts.EndObject();
        return true;
    }

    private static bool TryWriteMember(ElementName member, object value, DeferredStarts starts)
    {
        if (!member.IsList)
        {
            var (name, underscored) = member.IsChoice ? member.For(((Base)value).TypeName) : (member.Name, member.Underscored);
            return value is PrimitiveType primitive
                ? TryWritePrimitive(name, underscored, primitive, starts)
                : TryWriteObject((Base)value, name, starts, nullIfEmpty: false);
        }

        var items = (IList)value;
        if (items.Count == 0)
        {
            return true;
        }

        var (listName, listUnderscored) = member.IsChoice && items[0] is Base first ? member.For(first.TypeName) : (member.Name, member.Underscored);
        return member.ListOfPrimitives ? TryWritePrimitives(listName, listUnderscored, items, starts) : TryWriteObjects(listName, items, starts);
    }

    private static bool TryWriteObjects(JsonEncodedText name, IList items, DeferredStarts starts)
    {
        starts.StartArray(name);
        foreach (var item in items)
        {
            if (item is null)
            {
                starts.Content.WriteNullValue();
            }
            else if (!TryWriteObject((Base)item, null, starts, nullIfEmpty: false))
            {
                return false;
            }
        }

        starts.EndArray();
        return true;
    }

    /// <summary>A primitive: its value under its name, its id and extensions under the name with '_' when it has any.</summary>
    private static bool TryWritePrimitive(JsonEncodedText name, JsonEncodedText underscored, PrimitiveType primitive, DeferredStarts starts)
    {
        if (primitive.JsonValue is not null)
        {
            var writer = starts.Content;
            writer.WritePropertyName(name);
            PrimitiveValues.Write(primitive, writer);
        }

        return !primitive.HasElements || TryWriteObject(primitive, underscored, starts, nullIfEmpty: false);
    }

    /// <summary>A list of primitives: the values' array and the ids' and extensions' array, each null where an item has none, each left out when all are.</summary>
    private static bool TryWritePrimitives(JsonEncodedText name, JsonEncodedText underscored, IList items, DeferredStarts starts)
    {
        starts.StartArray(name);
        foreach (PrimitiveType? item in items)
        {
            if (item?.JsonValue is not null)
            {
                PrimitiveValues.Write(item, starts.Content);
            }
            else
            {
                starts.NullPlaceholder();
            }
        }

        starts.EndArray();
        starts.StartArray(underscored);
        foreach (PrimitiveType? item in items)
        {
            if (item is { HasElements: true })
            {
                if (!TryWriteObject(item, null, starts, nullIfEmpty: true))
                {
                    return false;
                }
            }
            else
            {
                starts.NullPlaceholder();
            }
        }

        starts.EndArray();
        return true;
    }
}
