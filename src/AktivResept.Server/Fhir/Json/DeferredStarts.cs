using System.Text.Json;

namespace AktivResept.Server.Fhir.Json;

/// <summary>
/// Holds back the opening of an object or array (and its property name) until something is written inside it, so an
/// empty one is never written: FHIR JSON has no empty objects or arrays, and whether one is empty shows only after its
/// members are walked. Null placeholders (the gaps of a <c>_name</c> array) are held back the same way and written only
/// if a later item or the array's end keeps them. The same rules as the pruning in Firely's own serialiser.
/// </summary>
internal sealed class DeferredStarts(Utf8JsonWriter writer)
{
    private enum Kind
    {
        Object,
        Array,
        Null,
    }

    /// <summary>A held-back start. <paramref name="NullIfEmpty"/>: an empty object leaves a null in its array's slot.</summary>
    private readonly record struct Start(Kind Kind, JsonEncodedText Name, bool Named, bool NullIfEmpty, bool Keep);

    private readonly List<Start> _held = [];

    /// <summary>The writer, with every held-back start written first: what comes next is content.</summary>
    public Utf8JsonWriter Content
    {
        get
        {
            if (_held.Count > 0)
            {
                Commit();
            }

            return writer;
        }
    }

    public void StartObject(JsonEncodedText? name = null, bool nullIfEmpty = false, bool keep = false) =>
        _held.Add(new Start(Kind.Object, name ?? default, name is not null, nullIfEmpty, keep));

    public void StartArray(JsonEncodedText name) => _held.Add(new Start(Kind.Array, name, true, false, false));

    public void NullPlaceholder() => _held.Add(new Start(Kind.Null, default, false, false, false));

    public void EndObject()
    {
        if (!DropIfEmpty(Kind.Object))
        {
            Content.WriteEndObject();
        }
    }

    public void EndArray()
    {
        if (!DropIfEmpty(Kind.Array))
        {
            // The array has content: its trailing placeholders keep the items aligned with the values' array.
            Content.WriteEndArray();
        }
    }

    /// <summary>Drops the structure being closed when it is still held back (it got no content), with its placeholders.</summary>
    private bool DropIfEmpty(Kind kind)
    {
        var index = _held.Count - 1;
        while (index >= 0 && _held[index].Kind == Kind.Null)
        {
            index--;
        }

        if (index < 0 || _held[index].Kind != kind || _held[index].Keep)
        {
            return false;
        }

        var start = _held[index];
        _held.RemoveRange(index, _held.Count - index);
        if (start.NullIfEmpty)
        {
            _held.Add(new Start(Kind.Null, default, false, false, false));
        }

        return true;
    }

    private void Commit()
    {
        foreach (var start in _held)
        {
            switch (start.Kind)
            {
                case Kind.Object when start.Named:
                    writer.WriteStartObject(start.Name);
                    break;
                case Kind.Object:
                    writer.WriteStartObject();
                    break;
                case Kind.Array:
                    writer.WriteStartArray(start.Name);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }

        _held.Clear();
    }
}
