using System.Diagnostics;
using System.Text;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Webhooks;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Notifications.Dispatch;

/// <summary>
/// Sends due deliveries, signed with the Standard Webhooks scheme. Claiming is a short transaction: due rows are
/// locked with <c>FOR UPDATE SKIP LOCKED</c>, leased (their <see cref="Delivery.NextAttemptAt"/> moved past the send
/// window) and committed at once, so a slow receiver never holds a lock and a crashed instance's lease simply runs
/// out. Each result is then recorded only if the lease is still ours (status Pending and the same lease instant),
/// so a delivery is never recorded twice, even if a lease ran out under a hung receiver.
/// </summary>
public sealed class DispatchJob(
    AktivDbContext db,
    IHttpClientFactory httpClients,
    AtRestCipher cipher,
    TimeProvider clock,
    IOptions<NotificationOptions> options,
    ILogger<DispatchJob> logger) : IPeriodicJob
{
    public const string HttpClientName = "notifications";

    /// <summary>The Task a FHIR id-only notification is about (informative: R4 sends no body, so it is not signed).</summary>
    public const string ResourceHeader = "aktivresept-resource";

    private readonly RetrySchedule _schedule = RetrySchedule.From(options.Value);

    Task IPeriodicJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Sends everything due (in rounds of the batch size); returns the number of tries made.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var tried = await RunRoundAsync(ct);
            total += tried;
            if (tried < options.Value.DispatchBatchSize)
            {
                return total;
            }
        }
    }

    private async Task<int> RunRoundAsync(CancellationToken ct)
    {
        var (lease, claimed) = await ClaimAsync(ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var subscriptionIds = claimed.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var results = await Task.WhenAll(claimed.Select(d => SendAsync(d, subscriptions.GetValueOrDefault(d.SubscriptionId), ct)));
        foreach (var (delivery, result) in claimed.Zip(results))
        {
            await RecordAsync(delivery, lease, result, ct);
        }

        return claimed.Count;
    }

    private async Task<(DateTimeOffset Lease, List<Delivery> Claimed)> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var batch = Math.Max(1, options.Value.DispatchBatchSize);

        // Whole milliseconds: the lease instant is compared for equality after a round trip through the database.
        var lease = TruncateToMilliseconds(now.AddSeconds(Math.Max(options.Value.LeaseSeconds, options.Value.HttpTimeoutSeconds + 5)));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<Guid>($"""
                SELECT "Id" AS "Value" FROM "Deliveries" WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now}
                ORDER BY "NextAttemptAt" LIMIT {batch} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct)
            : await db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(batch).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return (lease, []);
        }

        await db.Deliveries.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, lease), ct);
        var claimed = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        await transaction.CommitAsync(ct);
        return (lease, claimed);
    }

    private async Task<SendResult> SendAsync(Delivery delivery, Subscription? subscription, CancellationToken ct)
    {
        if (subscription is not { Status: SubscriptionStatus.Active })
        {
            return new SendResult(null, 0, Skipped: true);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var secrets = ChannelSecrets.Unprotect(cipher, subscription.SecretProtected);
            using var request = BuildRequest(delivery, subscription, secrets);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return new SendResult((int)response.StatusCode, Elapsed(started));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException && !ct.IsCancellationRequested)
        {
            // Only the class is kept: the exception's text (connection refused, no route, TLS) is what a port scan reads.
            return new SendResult(null, Elapsed(started));
        }
    }

    private HttpRequestMessage BuildRequest(Delivery delivery, Subscription subscription, ChannelSecrets secrets)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var id = delivery.Id.ToString();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, subscription.Endpoint) { Content = new ByteArrayContent(body) };
        if (body.Length > 0)
        {
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        }

        foreach (var header in secrets.Headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                request.Headers.TryAddWithoutValidation(header[..colon].Trim(), header[(colon + 1)..].Trim());
            }
        }

        request.Headers.Add(StandardWebhookSignature.IdHeader, id);
        request.Headers.Add(StandardWebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(secrets.Key, id, timestamp, body));
        if (subscription.Channel == SubscriptionChannel.FhirRestHook)
        {
            request.Headers.Add(ResourceHeader, $"Task/{delivery.PrescriptionId}");
        }

        return request;
    }

    private async Task RecordAsync(Delivery claimed, DateTimeOffset lease, SendResult result, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var attempts = claimed.Attempts + 1;
        var ours = db.Deliveries.Where(d => d.Id == claimed.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt == lease);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (result.Skipped)
        {
            await ours.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Cancelled), ct);
            await transaction.CommitAsync(ct);
            return;
        }

        var outcome = DeliveryResults.Of(result.StatusCode);
        db.DeliveryAttempts.Add(new DeliveryAttempt { DeliveryId = claimed.Id, At = now, Result = outcome, DurationMs = result.DurationMs });
        await db.SaveChangesAsync(ct);

        if (result.StatusCode is >= 200 and < 300)
        {
            await ours.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Delivered)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LastResult, outcome)
                .SetProperty(d => d.DeliveredAt, now), ct);
        }
        else if (result.StatusCode == StatusCodes.Status410Gone)
        {
            var won = await ours.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Cancelled)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LastResult, outcome), ct);
            if (won > 0)
            {
                await TurnOffAsync(claimed.SubscriptionId, $"The receiver answered 410 Gone at {now:O}; turned off.", ct);
            }
        }
        else
        {
            var delay = _schedule.DelayAfter(attempts, Random.Shared.NextDouble());
            await ours.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, delay is null ? DeliveryStatus.DeadLetter : DeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.NextAttemptAt, delay is { } wait ? TruncateToMilliseconds(now + wait) : lease)
                .SetProperty(d => d.LastResult, outcome), ct);
            if (delay is null)
            {
                logger.LogWarning("Delivery {DeliveryId} dead-lettered after {Attempts} tries", claimed.Id, attempts);
            }
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>The receiver said the endpoint is gone: stop sending there, and cancel what was waiting for it.</summary>
    private async Task TurnOffAsync(Guid subscriptionId, string reason, CancellationToken ct)
    {
        await db.Subscriptions.Where(s => s.Id == subscriptionId && s.Status == SubscriptionStatus.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Off).SetProperty(x => x.StatusReason, reason), ct);
        await db.Deliveries.Where(d => d.SubscriptionId == subscriptionId && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Cancelled), ct);
        logger.LogWarning("Subscription {SubscriptionId} turned off: the receiver answered 410 Gone", subscriptionId);
    }

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset at) =>
        new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), at.Offset);

    private sealed record SendResult(int? StatusCode, int DurationMs, bool Skipped = false);
}
