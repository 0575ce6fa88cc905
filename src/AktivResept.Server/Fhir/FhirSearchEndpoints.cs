using AktivResept.Server.Common.RateLimits;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>
/// Every search is served twice, as R4 asks: <c>GET [type]?params</c> and <c>POST [type]/_search</c> with the
/// parameters as an <c>application/x-www-form-urlencoded</c> body (and any in the URL too), so a national id never
/// has to travel in a URL. Both run the same handler; <see cref="FhirQuery"/> reads the form.
/// </summary>
public static class FhirSearchEndpoints
{
    public const string SearchSegment = "/_search";

    public static bool IsSearch(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value?.EndsWith(SearchSegment, StringComparison.Ordinal) == true;

    /// <summary>
    /// The two endpoints of one type's search, each mapped at its call site with the same handler
    /// (<c>fhir.MapSearch(fhir.MapGet("/X", SearchAsync), fhir.MapPost("/X" + SearchSegment, SearchAsync))</c>), where
    /// the Request Delegate Generator sees the handler and generates both request delegates at compile time. A handler
    /// passed on as a <c>Delegate</c> it cannot see (RDG002), and RequestDelegateFactory would build both at every start
    /// (issue 19's timeline of a start).
    /// </summary>
    public static SearchEndpointBuilder MapSearch(this RouteGroupBuilder fhir, RouteHandlerBuilder get, RouteHandlerBuilder post) =>
        new(get, post.AddEndpointFilter(ReadFormAsync).ReadsOnly());

    /// <summary>Reads the form before the handler runs (so parsing stays synchronous); a body that is not a form is 415.</summary>
    private static async ValueTask<object?> ReadFormAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.HasFormContentType)
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        else if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            return FhirResult.Error(StatusCodes.Status415UnsupportedMediaType, IssueType.NotSupported,
                FhirErrorCodes.UnsupportedMediaType.With(("mediaType", "application/x-www-form-urlencoded")));
        }

        return await next(context);
    }
}

/// <summary>The GET and POST search endpoints of one type, configured together (e.g. both count as national-id lookups).</summary>
public sealed class SearchEndpointBuilder(RouteHandlerBuilder get, RouteHandlerBuilder post) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        get.Add(convention);
        post.Add(convention);
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        get.Finally(finallyConvention);
        post.Finally(finallyConvention);
    }
}
