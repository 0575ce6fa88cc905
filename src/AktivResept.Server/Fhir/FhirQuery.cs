using System.Globalization;
using AktivResept.Domain.Text;
using Microsoft.Extensions.Primitives;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>One <c>_sort</c> key: a name from the capability's <see cref="FhirResourceCapability.Sorts"/>, and its direction.</summary>
public sealed record FhirSort(string Name, bool Descending);

/// <summary>
/// A search request checked against the resource's declared parameters, read from the URL and, for
/// <c>POST [type]/_search</c>, the form body. Unknown parameters (and <c>_sort</c>/<c>_include</c>/<c>_revinclude</c>
/// values the type does not offer) are ignored, left out of the links and reported in the Bundle, as R4 asks, unless
/// the client sends <c>Prefer: handling=strict</c>, which makes them a 400. Paging is <c>_count</c> (default 50, at
/// most 200, 0 for the total only) and <c>_offset</c> over a stable order.
/// </summary>
public sealed class FhirQuery
{
    public const int DefaultCount = 50;
    public const int MaxCount = 200;

    /// <summary>The result parameters every search takes (the others the type offers are in its capability).</summary>
    public static readonly string[] CommonResultParams = ["_count", "_offset", "_format", "_pretty"];

    private readonly Dictionary<string, string> _values;

    private FhirQuery(Dictionary<string, string> values, int count, int offset, IReadOnlyList<string> ignored)
    {
        _values = values;
        Count = count;
        Offset = offset;
        Ignored = ignored;
    }

    public int Count { get; }

    public int Offset { get; }

    /// <summary>The parameters as given (name, with modifier, to value), for the Bundle's links.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>What was ignored, as <c>name=value</c>, for the Bundle's OperationOutcome entry.</summary>
    public IReadOnlyList<string> Ignored { get; }

    public string? this[string name] => _values.GetValueOrDefault(name);

    /// <summary>The <c>_sort</c> keys in order; empty for the type's default order.</summary>
    public IReadOnlyList<FhirSort> Sort => this["_sort"] is { } sort
        ? [.. sort.Split(',').Select(s => s.StartsWith('-') ? new FhirSort(s[1..], true) : new FhirSort(s, false))]
        : [];

    /// <summary>Whether <c>_include</c> (or <c>_revinclude</c>) asked for <paramref name="value"/> (e.g. <c>ServiceRequest:subject</c>).</summary>
    public bool Includes(string name, string value) => this[name] is { } given && given.Split(',').Contains(value, StringComparer.Ordinal);

    public static (FhirQuery? Query, FhirResult? Error) Parse(HttpRequest request, FhirResourceCapability capability)
    {
        IEnumerable<KeyValuePair<string, StringValues>> parameters = request.Query;
        if (FhirSearchEndpoints.IsSearch(request) && request.HasFormContentType)
        {
            // A name in both the URL and the form is one parameter given twice.
            parameters = request.Query.Concat(request.Form)
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, StringValues>(g.Key, new StringValues([.. g.SelectMany(p => p.Value)])));
        }

        return Parse(parameters, capability, IsStrict(request));
    }

    /// <summary>R4 search: unknown parameters are ignored (and left out of the self link) unless the client asks <c>Prefer: handling=strict</c>.</summary>
    public static bool IsStrict(HttpRequest request) =>
        request.Headers["Prefer"].Any(v => v is not null && v.Contains("handling=strict", StringComparison.OrdinalIgnoreCase));

    public static (FhirQuery? Query, FhirResult? Error) Parse(IEnumerable<KeyValuePair<string, StringValues>> query, FhirResourceCapability capability, bool strict)
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
            var known = CommonResultParams.Contains(key) ||
                        (param is not null && (name.Length == 1 || param.Modifiers.Contains(name[1])));
            var text = value.ToString();
            if (Offered(key, capability) is { } offered)
            {
                // _sort, _include, _revinclude: the values the type offers are kept, the rest ignored like an unknown parameter.
                var parts = text.Split(',', StringSplitOptions.TrimEntries);
                var kept = parts.Where(v => offered.Contains(key == "_sort" ? v.TrimStart('-') : v, StringComparer.Ordinal)).ToList();
                unsupported.AddRange(parts.Except(kept).Select(v => $"{key}={v}"));
                if (kept.Count > 0)
                {
                    values[key] = string.Join(',', kept);
                }

                continue;
            }

            if (!known)
            {
                unsupported.Add(key);
                continue;
            }

            values[key] = text;
        }

        if (unsupported.Count > 0 && strict)
        {
            var supported = string.Join(", ", capability.SearchParams.Select(p => p.Name).Concat(["_count", "_offset"])
                .Concat(capability.Sorts.Select(s => $"_sort={s}"))
                .Concat(capability.Includes.Select(s => $"_include={s}"))
                .Concat(capability.RevIncludes.Select(s => $"_revinclude={s}")));
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

        return (new FhirQuery(values, count, offset, unsupported), null);
    }

    private static IReadOnlyList<string>? Offered(string key, FhirResourceCapability capability) => key switch
    {
        "_sort" => capability.Sorts,
        "_include" => capability.Includes,
        "_revinclude" => capability.RevIncludes,
        _ => null,
    };

    private static FhirResult Invalid(Domain.Errors.Error error) =>
        FhirResult.Error(StatusCodes.Status400BadRequest, IssueType.Invalid, error);
}
