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

    public static FhirResult Error(int status, IssueType code, string diagnostics, string? expression = null) =>
        new(status, OperationOutcomes.Error(code, diagnostics, expression));

    public static FhirResult Errors(int status, IEnumerable<IssueComponent> issues) => new(status, OperationOutcomes.Of(issues));

    public static FhirResult NotFound(string type, string id) =>
        Error(StatusCodes.Status404NotFound, IssueType.NotFound, $"{type}/{id} does not exist or is not yours.");

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
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
