namespace AktivResept.Server.Features.Notifications;

/// <summary>The <c>Notifications</c> configuration section: how often the jobs run and how deliveries are retried.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Run the fan-out job in this instance (every instance may; the job is race-safe).</summary>
    public bool RunFanout { get; set; } = true;

    /// <summary>Run the delivery dispatcher in this instance (every instance may; the job is race-safe).</summary>
    public bool RunDispatcher { get; set; } = true;

    /// <summary>
    /// The web address people open (e.g. <c>https://aktivresept.no</c>), for the link to the inbox in the
    /// "new message" e-mail/SMS; without it the text says only that there is a message.
    /// </summary>
    public string? PublicUrl { get; set; }

    public int FanoutIntervalSeconds { get; set; } = 5;

    public int DispatchIntervalSeconds { get; set; } = 5;

    /// <summary>Events fanned out per transaction.</summary>
    public int FanoutBatchSize { get; set; } = 200;

    /// <summary>Deliveries claimed (and sent concurrently) per round.</summary>
    public int DispatchBatchSize { get; set; } = 20;

    public int HttpTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// How long a claimed delivery is reserved for the instance that claimed it; longer than one send round, so a live
    /// instance never loses its claim, short enough that a crashed instance's claims are retried soon.
    /// </summary>
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>Delays before each retry, e.g. <c>5s,30s,2m,10m,1h,6h</c>; a delivery gets one try more than there are delays.</summary>
    public string RetrySchedule { get; set; } = "5s,30s,2m,10m,1h,6h,12h,24h";

    /// <summary>Run the outbox relay (SMTP / SMS gateway) in this instance, when a transport is configured (race-safe).</summary>
    public bool RunOutboxRelay { get; set; } = true;

    public int OutboxRelayIntervalSeconds { get; set; } = 10;

    /// <summary>Outbox messages claimed (and sent concurrently) per round.</summary>
    public int MessageBatchSize { get; set; } = 20;

    /// <summary>Delays before each retry of an e-mail or SMS; a message gets one try more than there are delays, then it is dead.</summary>
    public string MessageRetrySchedule { get; set; } = "1m,5m,30m,2h,12h";

    /// <summary>Each delay is spread by up to this fraction either way, so receivers that come back are not hit in lockstep.</summary>
    public double JitterFraction { get; set; } = 0.2;
}
