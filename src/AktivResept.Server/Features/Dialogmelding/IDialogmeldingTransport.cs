namespace AktivResept.Server.Features.Dialogmelding;

/// <summary>One validated message ready to go: the receiving organisation (and its HER-id, the NHN address) and the XML.</summary>
public sealed record OutgoingDialogmelding(Guid MessageId, Guid MsgId, string OrganisationNumber, string? HerId, string Xml);

/// <summary>The adapter's answer: taken (for the built-in one: in the outbox), or refused with a class, never a server's text.</summary>
public sealed record TransportResult(bool Accepted, string? FailureClass)
{
    public static readonly TransportResult Taken = new(true, null);

    public static TransportResult Refused(string failureClass) => new(false, failureClass);
}

/// <summary>
/// Sends a dialogmelding. Built in: <see cref="OutboxDirectoryTransport"/> (the operator collects). The production
/// adapter, NHN's message exchange, is configured (<see cref="NhnOptions"/>) but not built; selecting it stops the start.
/// Only messages that passed schema validation ever reach an adapter.
/// </summary>
public interface IDialogmeldingTransport
{
    Task<TransportResult> SendAsync(OutgoingDialogmelding message, CancellationToken ct);
}
