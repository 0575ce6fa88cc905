using System.Text.Json;
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
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                new ProblemDetails { Status = 413, Title = "Request body too large", Detail = "The request body exceeds the allowed size." },
            BadHttpRequestException bad when Find<JsonException>(bad) is { } json => InvalidJson(json),
            BadHttpRequestException bad =>
                new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
            JsonException json => InvalidJson(json),
            _ when DatabaseUnavailable.Is(exception) => Unavailable(context),
            DbUpdateConcurrencyException =>
                new ProblemDetails { Status = 409, Title = "Conflict", Detail = "The resource was changed by someone else; read it again and retry." },
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "Internal server error", Detail = "An unexpected error occurred." };
        }

        context.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The database could not be reached: nothing was committed, so the client may safely retry.</summary>
    private static ProblemDetails Unavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return new ProblemDetails { Status = 503, Title = "Service unavailable", Detail = "The database is unavailable; nothing was stored. Retry shortly." };
    }

    private static HttpValidationProblemDetails InvalidJson(JsonException json)
    {
        // Conversion failures name the field; syntax errors concern the body as a whole ("$").
        var wrongValue = json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);
        var field = wrongValue ? FieldFromPath(json.Path) : "$";
        var message = wrongValue
            ? "The value has the wrong type or is not one of the allowed values."
            : $"The body is not valid JSON (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}).";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 400,
            Title = "The request body could not be read",
        };
    }

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
