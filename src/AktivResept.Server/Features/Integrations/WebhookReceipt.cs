namespace AktivResept.Server.Features.Integrations;

/// <summary>
/// A delivery we acknowledged, by its <c>webhook-id</c>: a retry of it is answered with the stored response and
/// changes nothing. Kept for <c>Attendance:WebhookIdRetentionDays</c> (days, longer than senders retry).
/// </summary>
public sealed class WebhookReceipt
{
    public Guid IntegrationId { get; set; }

    public string WebhookId { get; set; } = string.Empty;

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The JSON body of the response first given, replayed as is.</summary>
    public string Response { get; set; } = string.Empty;
}
