using System.Globalization;
using AktivResept.Domain.Text;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>
/// A search request checked against the resource's declared parameters. Unknown parameters are refused with 400
/// rather than ignored, because an ignored filter would silently return more than the caller asked for.
/// Paging is <c>_count</c> (default 50, at most 200, 0 for the total only) and <c>_offset</c>.
/// </summary>
public sealed class FhirQuery
{
    public const int DefaultCount = 50;
    public const int MaxCount = 200;

    private static readonly string[] ResultParams = ["_count", "_offset", "_format", "_pretty"];

    private readonly Dictionary<string, string> _values;

    private FhirQuery(Dictionary<string, string> values, int count, int offset)
    {
        _values = values;
        Count = count;
        Offset = offset;
    }

    public int Count { get; }

    public int Offset { get; }

    /// <summary>The parameters as given (name, with modifier, to value), for the Bundle's links.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    public string? this[string name] => _values.GetValueOrDefault(name);

    public static (FhirQuery? Query, FhirResult? Error) Parse(HttpRequest request, FhirResourceCapability capability) =>
        Parse(request.Query, capability, IsStrict(request));

    /// <summary>R4 search: unknown parameters are ignored (and left out of the self link) unless the client asks <c>Prefer: handling=strict</c>.</summary>
    public static bool IsStrict(HttpRequest request) =>
        request.Headers["Prefer"].Any(v => v is not null && v.Contains("handling=strict", StringComparison.OrdinalIgnoreCase));

    public static (FhirQuery? Query, FhirResult? Error) Parse(IQueryCollection query, FhirResourceCapability capability, bool strict)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var unsupported = new List<string>();
        foreach (var (key, value) in query)
        {
            if (value.Count != 1)
            {
                return (null, Invalid(FhirErrorCodes.SearchRepeated.With(("name", key))));
            }

            // A NUL or unpaired surrogate would reach the database as a search value: refused like any body text.
            if ((StoredText.Check(key) ?? StoredText.Check(value.ToString())) is { } refused)
            {
                return (null, FhirResult.Error(StatusCodes.Status400BadRequest, IssueType.Value, refused, StoredText.Check(key) is null ? key : null));
            }

            var name = key.Split(':', 2);
            var param = capability.Param(name[0]);
            var known = ResultParams.Contains(key) ||
                        (param is not null && (name.Length == 1 || param.Modifiers.Contains(name[1])));
            if (!known)
            {
                unsupported.Add(key);
                continue;
            }

            values[key] = value.ToString();
        }

        if (unsupported.Count > 0 && strict)
        {
            var supported = string.Join(", ", capability.SearchParams.Select(p => p.Name).Concat(["_count", "_offset"]));
            return (null, FhirResult.Error(StatusCodes.Status400BadRequest, IssueType.NotSupported, FhirErrorCodes.SearchUnsupported.With(
                ("type", capability.Type), ("names", string.Join(", ", unsupported)), ("supported", supported))));
        }

        var count = DefaultCount;
        if (values.TryGetValue("_count", out var countText) && (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count > MaxCount))
        {
            return (null, Invalid(FhirErrorCodes.SearchCount.With(("max", MaxCount))));
        }

        var offset = 0;
        if (values.TryGetValue("_offset", out var offsetText) && !int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return (null, Invalid(FhirErrorCodes.SearchOffset));
        }

        return (new FhirQuery(values, count, offset), null);
    }

    private static FhirResult Invalid(Domain.Errors.Error error) =>
        FhirResult.Error(StatusCodes.Status400BadRequest, IssueType.Invalid, error);
}
