namespace AktivResept.Server.Common.RateLimits;

/// <summary>
/// Requests counted for one partition in one fixed window of one policy. The partition key is a keyed hash
/// (<see cref="RateLimitPartitions"/>): no user id, national id or address is stored in clear.
/// </summary>
public sealed class RateLimitCounter
{
    public required string Policy { get; init; }

    public required string PartitionKey { get; init; }

    /// <summary>The window's start, in Unix seconds (windows are aligned to the epoch).</summary>
    public long WindowStart { get; init; }

    /// <summary>When the window ends, in Unix seconds: after that the row only waits for the cleanup job.</summary>
    public long ExpiresAt { get; init; }

    public int Count { get; init; }
}
