using System.Text.Json;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Integrations;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Attendance.Ingest;

/// <summary>
/// <c>POST /api/integrations/attendance</c>: a gym system's signed batch of check-ins. Order of checks: signature
/// (401, nothing read), rate (429), body shape (400/422), then per event. 200 is only sent after the batch
/// committed; if the database cannot be reached the exception handler answers 503 and the sender retries.
/// </summary>
public static class AttendanceWebhook
{
    public const string ReplayedHeader = "webhook-replayed";

    public static async Task<IResult> HandleAsync(
        HttpRequest request,
        WebhookVerifier verifier,
        IntegrationRateLimiter limiter,
        AttendanceIngestor ingestor,
        IOptions<AttendanceOptions> options,
        CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct);
        var delivery = await verifier.VerifyAsync(request, body, ct);
        if (delivery is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "Invalid webhook signature", ApiErrorCodes.WebhookSignature);
        }

        if (await limiter.TryAcquireAsync(delivery.IntegrationId, ct) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Of(StatusCodes.Status429TooManyRequests, "Too many requests", ApiErrorCodes.RateLimited.With(("seconds", seconds)));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return ValidationErrors.Single("$", ApiErrorCodes.Body.With(("line", (e.LineNumber ?? 0) + 1), ("position", (e.BytePositionInLine ?? 0) + 1))).ToProblem();
        }

        using (document)
        {
            var events = AttendanceBatchParser.Events(document, out var shapeError);
            if (events is null)
            {
                return ValidationErrors.Single("events", shapeError!).ToProblem();
            }

            var max = options.Value.MaxEventsPerRequest;
            if (events.Count > max)
            {
                return Problems.Of(StatusCodes.Status422UnprocessableEntity, "Too many events",
                    ApiErrorCodes.TooManyEvents.With(("max", max), ("count", events.Count)), "events");
            }

            var outcome = await ingestor.IngestAsync(delivery, events, ct);
            if (outcome is ReplayedBatch)
            {
                request.HttpContext.Response.Headers[ReplayedHeader] = "true";
            }

            var json = outcome switch
            {
                StoredBatch stored => stored.Json,
                ReplayedBatch replayed => replayed.Json,
                _ => throw new InvalidOperationException("Unknown store outcome."),
            };
            return TypedResults.Text(json, "application/json", statusCode: StatusCodes.Status200OK);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream(request.ContentLength is > 0 and < 1_048_577 ? (int)request.ContentLength : 16_384);
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
