using Microsoft.Net.Http.Headers;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>
/// Content negotiation for the facade (<see cref="FhirFormat"/>): a format we cannot write gives 406. A body must be
/// FHIR JSON or XML (415 otherwise), except a search by POST (<c>[type]/_search</c>), whose body is a form.
/// </summary>
public sealed class FhirFormatFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (FhirFormat.Requested(request) is null)
        {
            return NotAcceptable();
        }

        if ((HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)) && !FhirSearchEndpoints.IsSearch(request) &&
            !(MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) &&
              (FhirJson.IsJsonMediaType(contentType.MediaType.Value) || FhirFormat.IsXmlMediaType(contentType.MediaType.Value))))
        {
            return FhirResult.Error(StatusCodes.Status415UnsupportedMediaType, IssueType.NotSupported,
                FhirErrorCodes.UnsupportedMediaType.With(("mediaType", $"{FhirJson.MediaType} or {FhirFormat.XmlMediaType}")));
        }

        return await next(context);
    }

    private static FhirResult NotAcceptable() =>
        FhirResult.Error(StatusCodes.Status406NotAcceptable, IssueType.NotSupported,
            FhirErrorCodes.NotAcceptable.With(("mediaType", $"{FhirJson.MediaType} or {FhirFormat.XmlMediaType}")));
}
