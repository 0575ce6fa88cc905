namespace AktivResept.Server.Features.Notifications.Messaging;

/// <summary>
/// Sends an e-mail or SMS nudge to one of our users, named by our id (the adapter looks up the address). Called inside
/// the fan-out's transaction: an adapter that talks to a real gateway should queue, not send, so a rolled-back batch
/// never leaves a message behind. The text is fixed by the caller and never carries health data.
/// </summary>
public interface IMessageSender
{
    Task SendAsync(MessageChannel channel, RecipientKind recipientKind, Guid recipientId, string text, CancellationToken cancellationToken);
}

public static class MessageTexts
{
    /// <summary>The only e-mail/SMS text there is: it says where to look, never what happened.</summary>
    public const string NewMessage = "Du har en ny melding i AktivResept.";
}
