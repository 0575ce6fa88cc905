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
            return TypedResults.Problem(
                "The webhook-id, webhook-timestamp and webhook-signature headers must be present, the timestamp within 5 minutes of now, and the signature valid for the exact body.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Invalid webhook signature");
        }

        if (limiter.TryAcquire(delivery.IntegrationId) is { } wait)
        {
            request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem("Too many deliveries from this integration; retry after the given number of seconds.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
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
                return TypedResults.Problem(
                    $"A delivery may carry at most {max} events; this one has {events.Count}. Split it into smaller batches.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Too many events",
                    extensions: new Dictionary<string, object?> { ["field"] = "events" });
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
