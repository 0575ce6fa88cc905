namespace AktivResept.Server.Features.Notifications;

/// <summary>
/// One entry in a user's in-app inbox (the referrer's, mostly). Rendered in the reader's language. It is about a
/// prescription, or (a KPI not met on a final period) about a contract, which then names neither person nor figure.
/// </summary>
public sealed class InboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public RecipientKind RecipientKind { get; set; }

    /// <summary>The referrer, provider, trainer or person id, by <see cref="RecipientKind"/>.</summary>
    public Guid RecipientId { get; set; }

    public Guid? PrescriptionId { get; set; }

    public Guid? ContractId { get; set; }

    public Guid EventId { get; set; }

    public PrescriptionEventType Type { get; set; }

    public string Data { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

public enum RecipientKind
{
    Referrer,
    Provider,
    Trainer,
    Participant,

    /// <summary>A payer's caseworkers, and for a municipality its coordinators (their org number is the payer's).</summary>
    Payer,
}
