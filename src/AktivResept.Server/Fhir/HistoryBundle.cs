using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir;

/// <summary>A history Bundle of one resource's versions, newest first: each with the interaction that made it and its ETag.</summary>
public static class HistoryBundle
{
    public static Bundle Create(HttpRequest request, string type, IReadOnlyList<Resource> versions, DateTimeOffset now)
    {
        var baseUrl = SearchBundle.BaseUrl(request);
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Meta = new Meta { LastUpdated = now },
            Type = Bundle.BundleType.History,
            Total = versions.Count,
            Entry =
            [
                .. versions.Select((r, i) => new Bundle.EntryComponent
                {
                    FullUrl = $"{baseUrl}/{type}/{r.Id}",
                    Resource = r,
                    Request = i == versions.Count - 1
                        ? new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = type }
                        : new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{type}/{r.Id}" },
                    Response = new Bundle.ResponseComponent
                    {
                        Status = i == versions.Count - 1 ? "201 Created" : "200 OK",
                        Etag = r.Meta?.VersionId is { } v ? $"W/\"{v}\"" : null,
                        LastModified = r.Meta?.LastUpdated,
                    },
                }),
            ],
        };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/{type}/{versions[0].Id}/_history" });
        return bundle;
    }
}
