namespace AktivResept.Server.Features.Notifications;

/// <summary>The delivery log: one row per try, readable (and replayable) by the subscription's owner.</summary>
public sealed class DeliveryAttempt
{
    public long Id { get; set; }

    public Guid DeliveryId { get; set; }

    public DateTimeOffset At { get; set; }

    public int? StatusCode { get; set; }

    public string? Error { get; set; }

    public int DurationMs { get; set; }
}
