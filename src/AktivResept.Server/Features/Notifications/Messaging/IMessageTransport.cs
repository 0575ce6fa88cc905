namespace AktivResept.Server.Features.Notifications.Messaging;

/// <summary>
/// One way out of the outbox (SMTP, an SMS gateway): the relay hands it an address and the fixed text, outside any
/// transaction. It never throws for a failed send; it says whether the failure is worth another try.
/// </summary>
public interface IMessageTransport
{
    MessageChannel Channel { get; }

    Task<TransportResult> SendAsync(string address, string text, CancellationToken cancellationToken);
}

public enum TransportOutcome
{
    Sent,

    /// <summary>Worth another try later (the server is busy or unreachable, a 4xx SMTP reply, a 5xx HTTP answer).</summary>
    Retry,

    /// <summary>Will fail the same way every time (a refused mailbox, a 4xx HTTP answer, no address).</summary>
    Permanent,
}

/// <summary>A send's outcome; <paramref name="Error"/> is a class such as <c>Smtp451</c> or <c>Http503</c>, never a server's text.</summary>
public sealed record TransportResult(TransportOutcome Outcome, string? Error = null)
{
    public static readonly TransportResult Sent = new(TransportOutcome.Sent);

    public static TransportResult Retry(string error) => new(TransportOutcome.Retry, error);

    public static TransportResult Permanent(string error) => new(TransportOutcome.Permanent, error);
}
