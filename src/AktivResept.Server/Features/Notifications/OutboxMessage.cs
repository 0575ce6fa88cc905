namespace AktivResept.Server.Features.Notifications;

/// <summary>
/// An e-mail or SMS waiting for the messaging adapter. The text is fixed ("you have a new message in AktivResept")
/// and never carries health data; the recipient is named by our id, the adapter looks the address up.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public MessageChannel Channel { get; set; }

    public RecipientKind RecipientKind { get; set; }

    public Guid RecipientId { get; set; }

    public string Text { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

public enum MessageChannel
{
    Email,
    Sms,
}
