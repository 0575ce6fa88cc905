namespace AktivResept.Server.Features.Notifications;

/// <summary>
/// Sends an e-mail or SMS to one of our users, named by our id (the relay looks up the address). The one way any
/// feature queues one: the fan-out's nudges and the programme's offers, cancellations and instructor messages. Called
/// inside the caller's transaction, so it only queues: the built-in writes the outbox row, and
/// <c>Messaging.OutboxRelayJob</c> sends it later through an <c>IMessageTransport</c>, so a rolled-back write never
/// leaves a message behind and a host that swaps the sender swaps it for every message. The text is fixed by the
/// caller and never carries health data.
/// </summary>
public interface IMessageSender
{
    Task SendAsync(MessageChannel channel, RecipientKind recipientKind, Guid recipientId, string text, CancellationToken cancellationToken);
}
