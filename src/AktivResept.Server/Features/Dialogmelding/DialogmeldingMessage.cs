namespace AktivResept.Server.Features.Dialogmelding;

/// <summary>
/// One dialogmelding to a referrer's organisation, and its line in the delivery log. The fan-out adds it (pending) in
/// the same transaction as the inbox rows; the sender job builds the MsgHead, validates it against the published
/// schemas and hands it to the adapter. A message that fails validation is never handed over: it is marked failed.
/// The XML (which names the patient) is kept only encrypted, for the operator to collect.
/// </summary>
public sealed class DialogmeldingMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The prescription event it reports; one message per event (unique).</summary>
    public Guid EventId { get; set; }

    public Guid PrescriptionId { get; set; }

    public Guid ReferrerId { get; set; }

    /// <summary>The receiving organisation (the referrer's), whose channel setting chose this message.</summary>
    public string OrganisationNumber { get; set; } = string.Empty;

    public DialogmeldingKind Kind { get; set; }

    public DialogmeldingStatus Status { get; set; }

    /// <summary>MsgInfo/MsgId of the envelope, once built.</summary>
    public Guid? MsgId { get; set; }

    /// <summary>The MsgHead document, AES-GCM encrypted; set only for a message that passed validation.</summary>
    public byte[]? XmlCipher { get; set; }

    /// <summary>Why it failed, as a class (<c>SchemaInvalid</c>, <c>PrescriptionGone</c>, <c>TransportRefused</c>): never message content.</summary>
    public string? Failure { get; set; }

    /// <summary>For <c>SchemaInvalid</c>: the first offending element and the number of errors, never its value.</summary>
    public string? FailureDetail { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>When the operator last collected it (the <c>dialogmelding export</c> verb or the download endpoint).</summary>
    public DateTimeOffset? CollectedAt { get; set; }
}

/// <summary>What the message reports; each maps to one prescription event type.</summary>
public enum DialogmeldingKind
{
    StatusChange,
    AdherenceReport,
    CompletionSummary,
}

public enum DialogmeldingStatus
{
    Pending,

    /// <summary>Handed to the adapter (for the built-in one: in the outbox, ready to collect).</summary>
    Sent,

    /// <summary>Never sent: it failed schema validation, or its facts could not be read.</summary>
    Failed,
}
