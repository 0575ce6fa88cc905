namespace AktivResept.Domain.Pilots;

/// <summary>
/// The pseudo-random stream every allocation draws from: SplitMix64 (Steele, Lea and Flood 2014), fully specified in a
/// few lines so anyone can reproduce an allocation list from its stored seed without our code or .NET's
/// <c>System.Random</c>, whose algorithm is not a published contract. Bounded draws reject the biased tail, so every
/// value is equally likely.
/// </summary>
public sealed class AllocationRandom(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    public ulong Next()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>).</summary>
    public int Below(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        var b = (ulong)bound;
        var limit = ulong.MaxValue - (ulong.MaxValue % b);
        ulong draw;
        do
        {
            draw = Next();
        }
        while (draw >= limit);

        return (int)(draw % b);
    }

    /// <summary>Fisher–Yates from the last position down: the same seed and input give the same order.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
