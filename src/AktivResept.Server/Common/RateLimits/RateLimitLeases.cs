using System.Collections.Concurrent;

namespace AktivResept.Server.Common.RateLimits;

/// <summary>
/// This node's share of each window's permits. The shared counter (<see cref="RateLimitCounters"/>) hands out permits in
/// blocks: a node that has none left for a partition adds a block of <see cref="BlockOf"/> permits to the window's count in
/// one statement, and the permits numbered up to the limit are this node's to give without asking again. Every
/// permit given is one the database counted, so all nodes together never let more than the limit through; a node can
/// hold at most a block less one unused, so a user spread over several nodes may be refused up to that many requests
/// early per node. Blocks are a twentieth of the limit, so small limits (sign-ins) are counted one by one and stay
/// exact across nodes, and a busy user's writes cost a statement per block instead of one per request (the booking
/// bench: one upsert per booking was a tenth of the app's CPU). Once the count has reached the limit the window is
/// known full here, and later attempts are refused without asking (they would only push a full count further).
/// </summary>
public sealed class RateLimitLeases
{
    /// <summary>Every this many blocks recorded, leases of ended windows are dropped.</summary>
    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<(string Policy, string Partition), Lease> _leases = new();
    private int _recorded;

    /// <summary>The permits a node asks for at once: a twentieth of the limit, at least one and at most 100.</summary>
    public static int BlockOf(int limit) => Math.Clamp(limit / 20, 1, 100);

    /// <summary>Gives a permit from this node's block for the hit's window, or says none is held here.</summary>
    public LeaseAnswer TryTake(CounterHit hit, int limit)
    {
        if (!_leases.TryGetValue((hit.Policy.Name, hit.PartitionKey), out var lease))
        {
            return LeaseAnswer.AskDatabase;
        }

        lock (lease)
        {
            if (lease.WindowStart != hit.WindowStart || lease.Limit != limit)
            {
                return LeaseAnswer.AskDatabase;
            }

            if (lease.Remaining > 0)
            {
                lease.Remaining--;
                return LeaseAnswer.Granted;
            }

            return lease.Full ? LeaseAnswer.Refused : LeaseAnswer.AskDatabase;
        }
    }

    /// <summary>
    /// Records a block of <paramref name="block"/> permits added to the window's count, which is now <paramref name="count"/>,
    /// and takes one of them for the request that asked. True when the request may go ahead.
    /// </summary>
    public bool Record(CounterHit hit, int limit, int block, int count)
    {
        // This block holds the permits numbered count - block + 1 … count; those above the limit are not permits.
        var usable = Math.Max(0, Math.Min(count, limit) - (count - block));
        var key = (hit.Policy.Name, hit.PartitionKey);
        var lease = _leases.GetOrAdd(key, _ => new Lease());
        lock (lease)
        {
            if (lease.WindowStart != hit.WindowStart || lease.Limit != limit)
            {
                lease.WindowStart = hit.WindowStart;
                lease.WindowEnd = hit.WindowEnd;
                lease.Limit = limit;
                lease.Remaining = 0;
                lease.Full = false;
            }

            lease.Full |= count >= limit;
            lease.Remaining += Math.Max(0, usable - 1);
        }

        if (Interlocked.Increment(ref _recorded) % SweepEvery == 0)
        {
            Sweep(hit.WindowStart);
        }

        return usable > 0;
    }

    /// <summary>Drops the leases of windows that ended before <paramref name="now"/> (the start of a window under way).</summary>
    private void Sweep(long now)
    {
        foreach (var (key, lease) in _leases)
        {
            if (lease.WindowEnd <= now)
            {
                _leases.TryRemove(new KeyValuePair<(string, string), Lease>(key, lease));
            }
        }
    }

    private sealed class Lease
    {
        public long WindowStart { get; set; } = long.MinValue;

        public long WindowEnd { get; set; } = long.MinValue;

        public int Limit { get; set; }

        public int Remaining { get; set; }

        public bool Full { get; set; }
    }
}

/// <summary>What this node can say about a request without the database.</summary>
public enum LeaseAnswer
{
    Granted,
    Refused,
    AskDatabase,
}
