using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications.Dispatch;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Notifications.Messaging;

/// <summary>
/// Sends the outbox's due e-mails and SMS through the configured transports. Claiming works like the delivery
/// dispatcher: due rows of a channel we can send are locked with <c>FOR UPDATE SKIP LOCKED</c>, leased (their
/// <see cref="OutboxMessage.NextAttemptAt"/> moved past the send window) and committed at once, so several instances
/// can run it and a crashed instance's lease simply runs out. A result is recorded only while the lease is ours. A
/// failure worth retrying waits per <c>Notifications:MessageRetrySchedule</c>; after the last try, a permanent refusal
/// or with no address the message is dead. Logs carry the message id and the error class, never an address.
/// </summary>
public sealed class OutboxRelayJob(
    AktivDbContext db,
    IEnumerable<IMessageTransport> transports,
    IRecipientDirectory directory,
    TimeProvider clock,
    IOptions<NotificationOptions> options,
    ILogger<OutboxRelayJob> logger) : IPeriodicJob
{
    private readonly RetrySchedule _schedule = new(RetrySchedule.Parse(options.Value.MessageRetrySchedule), options.Value.JitterFraction);
    private readonly Dictionary<MessageChannel, IMessageTransport> _transports = transports.ToDictionary(t => t.Channel);

    Task IPeriodicJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Sends everything due (in rounds of the batch size); returns the number of tries made.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        if (_transports.Count == 0)
        {
            return 0;
        }

        var total = 0;
        while (true)
        {
            var tried = await RunRoundAsync(ct);
            total += tried;
            if (tried < Math.Max(1, options.Value.MessageBatchSize))
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

        // Addresses one by one (a directory may use the database); the sends, which take the time, at once.
        var addresses = new List<string?>(claimed.Count);
        foreach (var message in claimed)
        {
            addresses.Add(await directory.AddressAsync(message.Channel, message.RecipientKind, message.RecipientId, ct));
        }

        var results = await Task.WhenAll(claimed.Zip(addresses).Select(pair => SendAsync(pair.First, pair.Second, ct)));
        foreach (var (message, result) in claimed.Zip(results))
        {
            await RecordAsync(message, lease, result, ct);
        }

        return claimed.Count;
    }

    private async Task<(DateTimeOffset Lease, List<OutboxMessage> Claimed)> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var batch = Math.Max(1, options.Value.MessageBatchSize);
        var channels = _transports.Keys.ToList();
        var channelNames = channels.Select(c => c.ToString()).ToArray();

        // Whole milliseconds: the lease instant is compared for equality after a round trip through the database.
        var lease = TruncateToMilliseconds(now.AddSeconds(Math.Max(1, options.Value.LeaseSeconds)));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<Guid>($"""
                SELECT "Id" AS "Value" FROM "OutboxMessages"
                WHERE "SentAt" IS NULL AND "DeadAt" IS NULL AND "NextAttemptAt" <= {now} AND "Channel" = ANY({channelNames})
                ORDER BY "NextAttemptAt" LIMIT {batch} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct)
            : await db.OutboxMessages.Where(m => m.SentAt == null && m.DeadAt == null && m.NextAttemptAt <= now && channels.Contains(m.Channel))
                .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(batch).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return (lease, []);
        }

        await db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, lease), ct);
        var claimed = await db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(ct);
        await transaction.CommitAsync(ct);
        return (lease, claimed);
    }

    private async Task<TransportResult> SendAsync(OutboxMessage message, string? address, CancellationToken ct)
    {
        if (address is null)
        {
            return TransportResult.Permanent("NoAddress");
        }

        try
        {
            return await _transports[message.Channel].SendAsync(address, message.Text, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A transport should classify its failures itself; anything it missed is retried, named by type only.
            return TransportResult.Retry(e.GetType().Name);
        }
    }

    private async Task RecordAsync(OutboxMessage claimed, DateTimeOffset lease, TransportResult result, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var attempts = claimed.Attempts + 1;
        var error = result.Error is { Length: > 40 } text ? text[..40] : result.Error;
        var ours = db.OutboxMessages.Where(m => m.Id == claimed.Id && m.SentAt == null && m.DeadAt == null && m.NextAttemptAt == lease);
        if (result.Outcome == TransportOutcome.Sent)
        {
            await ours.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, (string?)null), ct);
            return;
        }

        var delay = result.Outcome == TransportOutcome.Retry ? _schedule.DelayAfter(attempts, Random.Shared.NextDouble()) : null;
        var next = delay is { } wait ? TruncateToMilliseconds(now + wait) : lease;
        DateTimeOffset? deadAt = delay is null ? now : null;
        await ours.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LastError, error)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.DeadAt, deadAt), ct);
        if (delay is null)
        {
            logger.LogWarning("Outbox message {MessageId} ({Channel}) given up after {Attempts} tries: {Error}", claimed.Id, claimed.Channel, attempts, error);
        }
        else
        {
            logger.LogInformation("Outbox message {MessageId} ({Channel}) failed on try {Attempts} ({Error}); next try at {NextAttemptAt:O}", claimed.Id, claimed.Channel, attempts, error, next);
        }
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset at) =>
        new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), at.Offset);
}
