using System.Text.Json;
using AktivResept.Server.Common.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Http;

/// <summary>
/// The one place exceptions become responses. Bad input the framework rejects while binding (malformed JSON,
/// wrong types, unknown enum values, oversized bodies) becomes a 4xx naming the field; a concurrent write that lost
/// becomes 409; anything else is a 500 that leaks nothing. On /fhir, Fhir/FhirProblemWriter writes the problem as an
/// OperationOutcome.
/// </summary>
public sealed class ExceptionHandler(IProblemDetailsService problems, ILogger<ExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(httpContext),
            BadHttpRequestException bad when Find<RefusedTextException>(bad) is { } text => RefusedText(text),
            RefusedTextException text => RefusedText(text),
            BadHttpRequestException bad when Find<JsonException>(bad) is { } json => InvalidJson(json),
            BadHttpRequestException bad => Rejected(bad.StatusCode),
            JsonException json => InvalidJson(json),
            _ when DatabaseUnavailable.Is(exception) => Unavailable(httpContext),
            _ when Find<UnknownPersonDataKeyException>(exception) is { } unknownKey => KeyUnavailable(httpContext, unknownKey),
            DbUpdateConcurrencyException => Conflict(),
            DbUpdateException update when UniqueViolation.Is(update) => Conflict(),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = Problems.Details(StatusCodes.Status500InternalServerError, "Internal server error", ApiErrorCodes.Internal);
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>Kestrel refused a (chunked) body past the limit that <see cref="RequestSizeLimit"/> set.</summary>
    private static ProblemDetails TooLarge(HttpContext context)
    {
        var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return Problems.Details(StatusCodes.Status413PayloadTooLarge, "Request body too large", ApiErrorCodes.BodyTooLarge.With(("max", limit ?? 0)));
    }

    /// <summary>
    /// The framework refused the request while binding (a missing or malformed parameter, a wrong media type, a token
    /// without the claims we need). Its message names framework types, so only the status and a code go back.
    /// </summary>
    private static ProblemDetails Rejected(int status)
    {
        var problem = new ProblemDetails { Status = status, Title = status == StatusCodes.Status400BadRequest ? ValidationErrors.Title : "Request refused" };
        Problems.EnsureCode(problem);
        return problem;
    }

    /// <summary>A concurrent write got there first (a stale row version, or the same unique key inserted twice); a retry re-reads.</summary>
    private static ProblemDetails Conflict() =>
        Problems.Details(StatusCodes.Status409Conflict, "Conflict", ApiErrorCodes.ConcurrentChange);

    /// <summary>The database could not be reached: nothing was committed, so the client may safely retry.</summary>
    private static ProblemDetails Unavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return Problems.Details(StatusCodes.Status503ServiceUnavailable, "Service unavailable", ApiErrorCodes.Unavailable);
    }

    /// <summary>
    /// A stored value is under a person-data key the ring does not hold (retired too early, or the wrong environment's
    /// ring): the operators must act, the caller can only wait, so 503 and an error in the log naming the key id.
    /// </summary>
    private ProblemDetails KeyUnavailable(HttpContext context, UnknownPersonDataKeyException exception)
    {
        logger.LogError("{Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, exception.Message);
        return Problems.Details(StatusCodes.Status503ServiceUnavailable, "Service unavailable", ApiErrorCodes.PersonDataKeyUnavailable);
    }

    private static ProblemDetails InvalidJson(JsonException json)
    {
        // Conversion failures are plain JsonExceptions and name the field; the reader's syntax errors are a subtype
        // (thrown as is, or wrapped with the path) and concern the body as a whole ("$"). Told apart by type, never by
        // the framework's wording.
        var wrongValue = json.GetType() == typeof(JsonException) && json.InnerException is not JsonException;
        var field = wrongValue ? FieldFromPath(json.Path) : "$";
        var error = wrongValue
            ? ApiErrorCodes.WrongType.With()
            : ApiErrorCodes.Body.With(("line", (json.LineNumber ?? 0) + 1), ("position", (json.BytePositionInLine ?? 0) + 1));
        return new ProblemDetails
        {
            Status = 400,
            Title = "The request body could not be read",
            Extensions = { ["errors"] = ValidationErrors.Single(field, error).ToWire() },
        };
    }

    /// <summary>A string in the body that <see cref="Domain.Text.StoredText"/> refuses: 400 naming the field by its JSON path.</summary>
    private static ProblemDetails RefusedText(RefusedTextException text) => new()
    {
        Status = 400,
        Title = ValidationErrors.Title,
        Extensions = { ["errors"] = ValidationErrors.Single(FieldFromPath(text.Path), text.Error).ToWire() },
    };

    /// <summary>Turns a System.Text.Json path like <c>$.dose.sessionsPerWeek</c> into <c>dose.sessionsPerWeek</c>.</summary>
    private static string FieldFromPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.TrimStart('$', '.');

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
