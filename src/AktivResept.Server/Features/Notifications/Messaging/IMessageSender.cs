namespace AktivResept.Server.Features.Notifications.Messaging;

/// <summary>
/// Sends an e-mail or SMS nudge to one of our users, named by our id (the relay looks up the address). Called inside
/// the fan-out's transaction, so it only queues: the built-in writes the outbox row, and <see cref="OutboxRelayJob"/>
/// sends it later through an <see cref="IMessageTransport"/>, so a rolled-back batch never leaves a message behind.
/// The text is fixed by the caller and never carries health data.
/// </summary>
public interface IMessageSender
{
    Task SendAsync(MessageChannel channel, RecipientKind recipientKind, Guid recipientId, string text, CancellationToken cancellationToken);
}

public static class MessageTexts
{
    /// <summary>The only e-mail/SMS text there is: it says where to look, never what happened.</summary>
    public const string NewMessage = "Du har en ny melding i AktivResept.";

    /// <summary>The e-mail subject, as fixed as the text: no name, no prescription, no diagnosis.</summary>
    public const string EmailSubject = "Ny melding i AktivResept";

    /// <summary>The e-mail body around the queued text.</summary>
    public static string EmailBody(string text) => $"{text}\n\nLogg inn i AktivResept for å lese den.\n";

    /// <summary>The SMS is the queued text alone.</summary>
    public static string Sms(string text) => text;
}
