namespace AktivResept.Server.Features.Notifications;

/// <summary>
/// The delivery log: one row per try, readable (and replayable) by the subscription's owner. It keeps only the status
/// class and the duration: an exact status or a socket error would make the log a port scanner for whoever may
/// register an endpoint (issue 20, item 1).
/// </summary>
public sealed class DeliveryAttempt
{
    public long Id { get; set; }

    public Guid DeliveryId { get; set; }

    public DateTimeOffset At { get; set; }

    public DeliveryResult Result { get; set; }

    public int DurationMs { get; set; }
}

/// <summary>What a try came to, as its owner may see it.</summary>
public enum DeliveryResult
{
    Http2xx,
    Http3xx,
    Http4xx,
    Http5xx,

    /// <summary>No HTTP answer: refused by the outbound rule, not connected, timed out, or broken off.</summary>
    NetworkError,
}

public static class DeliveryResults
{
    public static DeliveryResult Of(int? statusCode) => statusCode switch
    {
        >= 200 and < 300 => DeliveryResult.Http2xx,
        >= 300 and < 400 => DeliveryResult.Http3xx,
        >= 400 and < 500 => DeliveryResult.Http4xx,
        >= 500 and < 600 => DeliveryResult.Http5xx,
        _ => DeliveryResult.NetworkError,
    };
}
