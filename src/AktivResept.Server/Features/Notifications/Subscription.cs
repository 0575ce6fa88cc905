namespace AktivResept.Server.Features.Notifications;

/// <summary>
/// An outbound notification endpoint: a FHIR R4 Subscription (rest-hook, id-only) or a plain webhook, owned by a
/// referrer or a provider and only ever told about prescriptions its owner may see.
/// </summary>
public sealed class Subscription
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public SubscriptionChannel Channel { get; set; }

    public RecipientKind OwnerKind { get; set; }

    public Guid OwnerId { get; set; }

    /// <summary>The token subject that created it, for the audit trail.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>FHIR search criteria (e.g. <c>Task?requester=Practitioner/…</c>); null for a plain webhook (all events).</summary>
    public string? Criteria { get; set; }

    public string Endpoint { get; set; } = string.Empty;

    /// <summary>The Standard Webhooks signing key, AES-GCM encrypted.</summary>
    public byte[] SecretProtected { get; set; } = [];

    public SubscriptionStatus Status { get; set; }

    /// <summary>Why the subscription is off or in error (e.g. "410 Gone from the receiver").</summary>
    public string? StatusReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum SubscriptionChannel
{
    FhirRestHook,
    Webhook,
}

public enum SubscriptionStatus
{
    Active,
    Off,
    Error,
}
