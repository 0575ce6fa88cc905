using AktivResept.Domain.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AktivResept.Server.Common.Http;

/// <summary>RFC 9457 problem details: the catalogue code travels as the <c>code</c> extension member.</summary>
public static class Problems
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

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
