using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir;

/// <summary>A searchset Bundle of one page, with self/next/previous links that repeat the caller's parameters.</summary>
public static class SearchBundle
{
    public static Bundle Create(HttpRequest request, string type, FhirQuery query, IEnumerable<Resource> page, int total, DateTimeOffset now)
    {
        var baseUrl = BaseUrl(request);
        var entries = page.Select(r => new Bundle.EntryComponent
        {
            FullUrl = $"{baseUrl}/{r.TypeName}/{r.Id}",
            Resource = r,
            Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
        }).ToList();

        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Meta = new Meta { LastUpdated = now },
            Type = Bundle.BundleType.Searchset,
            Total = total,
            Entry = entries,
        };
        bundle.Link.Add(Link("self", baseUrl, type, query, query.Offset));
        if (query.Count > 0 && query.Offset + entries.Count < total)
        {
            bundle.Link.Add(Link("next", baseUrl, type, query, query.Offset + query.Count));
        }

        if (query.Offset > 0 && query.Count > 0)
        {
            bundle.Link.Add(Link("previous", baseUrl, type, query, Math.Max(0, query.Offset - query.Count)));
        }

        return bundle;
    }

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
