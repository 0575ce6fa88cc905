namespace AktivResept.Server.Features.Notifications.Subscriptions;

public sealed record CreateWebhookRequest(string? Endpoint);

public sealed record SubscriptionView(
    Guid Id,
    SubscriptionChannel Channel,
    string Endpoint,
    string? Criteria,
    SubscriptionStatus Status,
    string? StatusReason,
    DateTimeOffset CreatedAt)
{
    public static SubscriptionView Of(Subscription s) => new(s.Id, s.Channel, s.Endpoint, s.Criteria, s.Status, s.StatusReason, s.CreatedAt);
}

/// <summary>The answer to a create: the only time the signing secret is shown.</summary>
public sealed record CreatedSubscription(
    Guid Id,
    SubscriptionChannel Channel,
    string Endpoint,
    string? Criteria,
    SubscriptionStatus Status,
    DateTimeOffset CreatedAt,
    string Secret);

public sealed record DeliveryView(
    Guid Id,
    Guid SubscriptionId,
    Guid EventId,
    Guid PrescriptionId,
    PrescriptionEventType EventType,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DeliveryResult? LastResult,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<AttemptView> Log);

/// <summary>One try: its status class and how long it took, nothing the receiver said (no port-scan oracle).</summary>
public sealed record AttemptView(DateTimeOffset At, DeliveryResult Result, int DurationMs);
