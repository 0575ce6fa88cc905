namespace AktivResept.Server.Features.Notifications;

/// <summary>
/// An e-mail or SMS waiting for the messaging adapter. The text is fixed ("you have a new message in AktivResept")
/// and never carries health data; the recipient is named by our id, the relay looks the address up when it sends.
/// Pending while neither <see cref="SentAt"/> nor <see cref="DeadAt"/> is set.
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

    /// <summary>Tries made by the relay so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the relay may try next; while a relay instance holds the row, the end of its lease.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The class of the last failure (e.g. <c>Smtp451</c>, <c>Http503</c>, <c>Timeout</c>): never an address or a server's text.</summary>
    public string? LastError { get; set; }

    /// <summary>Set when the relay gave up: a permanent refusal, no address, or the last try failed.</summary>
    public DateTimeOffset? DeadAt { get; set; }
}

public enum MessageChannel
{
    Email,
    Sms,
}
