using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>A FHIR resource (or OperationOutcome) as an HTTP response in <c>application/fhir+json</c>.</summary>
public sealed class FhirResult(int statusCode, Resource resource, string? location = null) : IResult, IStatusCodeHttpResult
{
    public int StatusCode => statusCode;

    int? IStatusCodeHttpResult.StatusCode => statusCode;

    public Resource Resource => resource;

    public static FhirResult Ok(Resource resource) => new(StatusCodes.Status200OK, resource);

    public static FhirResult Created(Resource resource, string location) => new(StatusCodes.Status201Created, resource, location);

    /// <summary>One catalogue error; the issue type follows from its kind.</summary>
    public static FhirResult Error(int status, Domain.Errors.Error error, string? expression = null) =>
        Errors(status, [OperationOutcomes.Issue(error, expression)]);

    /// <summary>One catalogue error with an issue type that says more than its kind.</summary>
    public static FhirResult Error(int status, IssueType type, Domain.Errors.Error error, string? expression = null) =>
        Errors(status, [OperationOutcomes.Issue(type, error, expression)]);

    public static FhirResult Errors(int status, IEnumerable<IssueComponent> issues) => new(status, OperationOutcomes.Of(issues));

    /// <summary>Unknown and not-yours give the same answer, with the generic not-found code.</summary>
    public static FhirResult NotFound() => Error(StatusCodes.Status404NotFound, Domain.Errors.ErrorCodes.NotFound);

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        ResourceStamp.Ensure(resource);
        if (resource is not (Bundle or OperationOutcome) && resource.Meta is { } meta)
        {
            // R4: a read carries its version as a weak ETag (what If-Match is compared with) and Last-Modified.
            if (meta.VersionId is { } version)
            {
                httpContext.Response.Headers.ETag = $"W/\"{version}\"";
            }

            if (meta.LastUpdated is { } lastUpdated)
            {
                httpContext.Response.Headers.LastModified = lastUpdated.ToUniversalTime().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (location is not null)
        {
            // R4 asks for an absolute [base]/[type]/[id].
            var request = httpContext.Request;
            httpContext.Response.Headers.Location = location.StartsWith('/')
                ? $"{request.Scheme}://{request.Host}{request.PathBase}{location}"
                : location;
        }

        await FhirJson.WriteAsync(httpContext, resource);
    }
}
