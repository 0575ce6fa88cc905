using Microsoft.Net.Http.Headers;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>
/// Content negotiation for the facade: JSON only. <c>_format</c> (which overrides Accept) or an Accept header that
/// admits no JSON gives 406; a body that is not JSON gives 415.
/// </summary>
public sealed class FhirFormatFilter : IEndpointFilter
{
    private static readonly string[] FormatAliases = ["json", "application/json", "application/fhir+json", "application/json+fhir"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.Query.TryGetValue("_format", out var format))
        {
            if (!FormatAliases.Contains(format.ToString().Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase))
            {
                return NotAcceptable();
            }
        }
        else if (!AcceptsJson(request))
        {
            return NotAcceptable();
        }

        if ((HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)) &&
            !(MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) && FhirJson.IsJsonMediaType(contentType.MediaType.Value)))
        {
            return FhirResult.Error(StatusCodes.Status415UnsupportedMediaType, IssueType.NotSupported,
                FhirErrorCodes.UnsupportedMediaType.With(("mediaType", FhirJson.MediaType)));
        }

        return await next(context);
    }

    private static bool AcceptsJson(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types) || types.Count == 0)
        {
            return true;
        }

        return types.Any(t => t.MediaType.Value is "*/*" or "application/*" || FhirJson.IsJsonMediaType(t.MediaType.Value));
    }

    private static FhirResult NotAcceptable() =>
        FhirResult.Error(StatusCodes.Status406NotAcceptable, IssueType.NotSupported, FhirErrorCodes.NotAcceptable.With(("mediaType", FhirJson.MediaType)));
}
