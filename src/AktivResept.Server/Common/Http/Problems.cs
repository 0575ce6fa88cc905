using Microsoft.AspNetCore.Mvc;

namespace AktivResept.Server.Common.Http;

/// <summary>RFC 9457 problem details outside the normal result pipeline (auth challenges, middleware).</summary>
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

    /// <summary>409: the request is understood but conflicts with the resource's state or a rule.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Conflict(string detail, string? field = null) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: StatusCodes.Status409Conflict,
            title: "Conflict",
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
}
