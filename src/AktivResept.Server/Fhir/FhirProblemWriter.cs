namespace AktivResept.Server.Fhir;

/// <summary>
/// Writes every problem response on a /fhir path as an OperationOutcome: the bearer challenge and forbidden answers
/// (AuthModule), mapped exceptions (ExceptionHandler), 413 (RequestSizeLimit) and empty 404/405s from routing
/// (status-code pages) all go through <see cref="IProblemDetailsService"/>, so this one writer covers them.
/// </summary>
public sealed class FhirProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => FhirPaths.IsFhir(context.HttpContext.Request);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        return new ValueTask(FhirJson.WriteAsync(http, OperationOutcomes.FromProblem(context.ProblemDetails, status)));
    }
}

public static class FhirPaths
{
    public const string Root = "/fhir";

    public static bool IsFhir(HttpRequest request) => request.Path.StartsWithSegments(Root, StringComparison.OrdinalIgnoreCase);
}
