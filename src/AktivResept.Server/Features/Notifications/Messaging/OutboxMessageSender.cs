using AktivResept.Server.Data;

namespace AktivResept.Server.Features.Notifications.Messaging;

/// <summary>
/// The built-in adapter: writes an <see cref="OutboxMessage"/> row into the caller's unit of work, where a mail/SMS
/// relay (or an operator) picks it up. It is the outbox; it commits or rolls back with the fan-out batch.
/// </summary>
public sealed class OutboxMessageSender(AktivDbContext db, TimeProvider clock) : IMessageSender
{
    public Task SendAsync(MessageChannel channel, RecipientKind recipientKind, Guid recipientId, string text, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        db.OutboxMessages.Add(new OutboxMessage
        {
            Channel = channel,
            RecipientKind = recipientKind,
            RecipientId = recipientId,
            Text = text,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        return Task.CompletedTask;
    }
}
