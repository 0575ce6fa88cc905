namespace AktivResept.Server.Common.Http;

/// <summary>
/// Refuses bodies above the configured size with 413 before any handler reads them. Kestrel enforces the same limit
/// for chunked bodies through <see cref="Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature"/>.
/// </summary>
public sealed class RequestSizeLimit(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _limit = configuration.GetValue("Http:MaxRequestBodyBytes", 1_048_576L);

    public async Task InvokeAsync(HttpContext context)
    {
        // Routing has run (WebApplication adds it first), so an endpoint that takes files can say so (LargeBodyAttribute).
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<LargeBodyAttribute>()?.Bytes ?? _limit;
        if (context.Request.ContentLength > limit)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", ApiErrorCodes.BodyTooLarge.With(("max", limit)));
            return;
        }

        var feature = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }
}
