namespace AktivResept.Server.Features.Claims;

/// <summary>
/// One message in the thread between a payer and a provider about a claim, or about one of its lines: the payer asks
/// (documentation for a session, a timesheet), the gym answers, with at most one attachment per message.
/// </summary>
public sealed class ClaimMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ClaimId { get; set; }

    /// <summary>The line the message is about, or null for the claim as a whole.</summary>
    public Guid? LineId { get; set; }

    public ClaimParty From { get; set; }

    /// <summary>The author's subject, for the audit trail; the thread shows the party and <see cref="AuthorName"/>.</summary>
    public string AuthorSubject { get; set; } = string.Empty;

    public string AuthorName { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }
}

/// <summary>A file attached to a <see cref="ClaimMessage"/>, kept in the database (no path on disk to guess or traverse).</summary>
public sealed class ClaimAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ClaimId { get; set; }

    public Guid MessageId { get; set; }

    /// <summary>The uploader's file name, reduced to safe characters; only ever sent back in a Content-Disposition.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>Decided by us from the file's first bytes, never taken from the uploader.</summary>
    public string ContentType { get; set; } = string.Empty;

    public int Length { get; set; }

    public byte[] Content { get; set; } = [];
}

public enum ClaimParty
{
    Payer,
    Provider,
}
