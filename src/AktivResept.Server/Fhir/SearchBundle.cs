using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir;

/// <summary>A searchset Bundle of one page, with self/next/previous links that repeat the caller's parameters.</summary>
public static class SearchBundle
{
    /// <summary>
    /// One page: the matches, then what <c>_include</c>/<c>_revinclude</c> brought (search mode include, not counted in
    /// the total), then an OperationOutcome (search mode outcome) naming any parameter that was ignored.
    /// </summary>
    public static Bundle Create(HttpRequest request, string type, FhirQuery query, IEnumerable<Resource> page, int total, DateTimeOffset now, IEnumerable<Resource>? included = null)
    {
        var baseUrl = BaseUrl(request);
        var entries = page.Select(r => Entry(baseUrl, r, Bundle.SearchEntryMode.Match)).ToList();
        var matches = entries.Count;
        entries.AddRange((included ?? []).DistinctBy(r => (r.TypeName, r.Id)).Select(r => Entry(baseUrl, r, Bundle.SearchEntryMode.Include)));
        if (query.Ignored.Count > 0)
        {
            var issue = OperationOutcomes.Issue(Hl7.Fhir.Model.OperationOutcome.IssueType.NotSupported,
                FhirErrorCodes.SearchIgnored.With(("type", type), ("names", string.Join(", ", query.Ignored))));
            issue.Severity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Warning;
            entries.Add(new Bundle.EntryComponent
            {
                FullUrl = $"urn:uuid:{Guid.NewGuid()}",
                Resource = OperationOutcomes.Of([issue]),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome },
            });
        }

        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Meta = new Meta { LastUpdated = now },
            Type = Bundle.BundleType.Searchset,
            Total = total,
            Entry = entries,
        };
        bundle.Link.Add(Link("self", baseUrl, type, query, query.Offset));
        if (query.Count > 0 && query.Offset + matches < total)
        {
            bundle.Link.Add(Link("next", baseUrl, type, query, query.Offset + query.Count));
        }

        if (query.Offset > 0 && query.Count > 0)
        {
            bundle.Link.Add(Link("previous", baseUrl, type, query, Math.Max(0, query.Offset - query.Count)));
        }

        return bundle;
    }

    private static Bundle.EntryComponent Entry(string baseUrl, Resource resource, Bundle.SearchEntryMode mode) => new()
    {
        FullUrl = $"{baseUrl}/{resource.TypeName}/{resource.Id}",
        Resource = ResourceStamp.Ensure(resource),
        Search = new Bundle.SearchComponent { Mode = mode },
    };

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{FhirPaths.Root}";

    private static Bundle.LinkComponent Link(string relation, string baseUrl, string type, FhirQuery query, int offset)
    {
        var parameters = query.Values
            .Where(p => p.Key is not ("_offset" or "_count"))
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")
            .Append($"_count={query.Count}")
            .Append($"_offset={offset}");
        return new Bundle.LinkComponent { Relation = relation, Url = $"{baseUrl}/{type}?{string.Join('&', parameters)}" };
    }
}
