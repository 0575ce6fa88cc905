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
        if (context.Request.ContentLength > _limit)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", ApiErrorCodes.BodyTooLarge.With(("max", _limit)));
            return;
        }

        var feature = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = _limit;
        }

        await next(context);
    }
}
