using AktivResept.Domain.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AktivResept.Server.Common.Http;

/// <summary>RFC 9457 problem details: the catalogue code travels as the <c>code</c> extension member.</summary>
public static class Problems
{
    /// <summary>Writes a problem from middleware (outside a handler): detail is the error's English message, code and args extensions.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, Error error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        var problem = Details(status, title, error);
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await writer.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            // No writer takes a request that accepts only, say, text/html (a browser opening an /api address): the
            // answer is still the API's problem details, never a 500 for how the client asked.
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
        }
    }

    /// <summary>The problem details of a non-validation error, for writers that take <see cref="ProblemDetails"/>.</summary>
    public static ProblemDetails Details(int status, string title, Error error) => new()
    {
        Status = status,
        Title = title,
        Detail = error.Message,
        Extensions = { ["code"] = error.Code, ["args"] = error.WireArgs() },
    };

    /// <summary>
    /// Gives a problem that reached the writer without a code one that follows from its status: what the framework
    /// answers on its own (unknown route, wrong method or media type, status code pages) still carries a code. A 400
    /// gets the validation shape on the body as a whole.
    /// </summary>
    public static void EnsureCode(ProblemDetails problem)
    {
        if (problem.Extensions.ContainsKey("code") || problem.Extensions.ContainsKey("errors"))
        {
            return;
        }

        var error = CodeFor(problem.Status ?? StatusCodes.Status500InternalServerError).With();
        if (problem.Status == StatusCodes.Status400BadRequest)
        {
            problem.Extensions["errors"] = ValidationErrors.Single("$", error).ToWire();
            return;
        }

        problem.Detail ??= error.Message;
        problem.Extensions["code"] = error.Code;
        problem.Extensions["args"] = error.WireArgs();
    }

    private static ErrorCode CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ApiErrorCodes.TokenRequired,
        StatusCodes.Status403Forbidden => ApiErrorCodes.RoleNotAllowed,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ApiErrorCodes.MethodNotAllowed,
        StatusCodes.Status409Conflict => ApiErrorCodes.ConcurrentChange,
        StatusCodes.Status413PayloadTooLarge => ApiErrorCodes.BodyTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ApiErrorCodes.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ApiErrorCodes.RateLimited,
        StatusCodes.Status503ServiceUnavailable => ApiErrorCodes.Unavailable,
        >= 500 => ApiErrorCodes.Internal,
        _ => ApiErrorCodes.BadRequest,
    };

    /// <summary>A non-validation problem (403, 404, 409): detail is the English message; code, args and field are extensions.</summary>
    public static ProblemHttpResult Of(int status, string title, Error? error, string? field = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (error is not null)
        {
            extensions["code"] = error.Code;
            extensions["args"] = error.WireArgs();
        }

        if (field is not null)
        {
            extensions["field"] = field;
        }

        return TypedResults.Problem(detail: error?.Message, statusCode: status, title: title, extensions: extensions);
    }
}
