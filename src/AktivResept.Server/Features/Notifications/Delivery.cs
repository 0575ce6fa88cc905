namespace AktivResept.Server.Features.Notifications;

/// <summary>
/// One event to deliver to one subscription. The dispatcher claims due rows with <c>FOR UPDATE SKIP LOCKED</c>, so
/// several app instances never send the same delivery at once; after the last try it is dead-lettered.
/// </summary>
public sealed class Delivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid SubscriptionId { get; set; }

    public Guid EventId { get; set; }

    public Guid PrescriptionId { get; set; }

    public PrescriptionEventType EventType { get; set; }

    /// <summary>The exact body sent (and signed) on every try.</summary>
    public string Payload { get; set; } = string.Empty;

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The last try's status class (see <see cref="DeliveryAttempt"/>); null before the first.</summary>
    public DeliveryResult? LastResult { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}

public enum DeliveryStatus
{
    Pending,
    Delivered,
    DeadLetter,

    /// <summary>Not sent because the subscription was turned off (e.g. the receiver answered 410 Gone).</summary>
    Cancelled,
}
