namespace AktivResept.Domain.Pilots;

/// <summary>How a pilot's participants are compared (issue 12): by start date per municipality, or by arm.</summary>
public enum AllocationDesign
{
    /// <summary>Every municipality starts, one per step, in an order drawn from the seed.</summary>
    SteppedWedge,

    /// <summary>Each municipality (a cluster) is drawn to an arm; arms differ in size by at most one.</summary>
    RandomisedMunicipalities,

    /// <summary>Each participant, in order of enrolment, takes the next place of a list of permuted blocks.</summary>
    RandomisedParticipants,
}

/// <summary>One municipality's place in a stepped-wedge or cluster-randomised design.</summary>
public sealed record MunicipalityAllocation(string Kommunenummer, int Step, string? Arm, DateOnly? Start);

/// <summary>
/// Allocation lists drawn from a seed. Units are ordered by kommunenummer before drawing, so the result depends on the
/// seed and the set of units only, never on the order they were named in.
/// </summary>
public static class Allocations
{
    public const int MaxArms = 6;

    /// <summary>Municipalities in a drawn order, the n-th (0-based) starting <paramref name="stepMonths"/> × n months after the first start.</summary>
    public static IReadOnlyList<MunicipalityAllocation> SteppedWedge(long seed, IEnumerable<string> kommunenummer, DateOnly firstStart, int stepMonths)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepMonths, 1);
        var order = Ordered(kommunenummer);
        new AllocationRandom(seed).Shuffle(order);
        return [.. order.Select((k, step) => new MunicipalityAllocation(k, step + 1, null, firstStart.AddMonths(step * stepMonths)))];
    }

    /// <summary>Municipalities shuffled, then dealt to the arms in turn: arm sizes differ by at most one.</summary>
    public static IReadOnlyList<MunicipalityAllocation> ByMunicipality(long seed, IEnumerable<string> kommunenummer, IReadOnlyList<string> arms)
    {
        RequireArms(arms);
        var order = Ordered(kommunenummer);
        new AllocationRandom(seed).Shuffle(order);
        return [.. order.Select((k, i) => new MunicipalityAllocation(k, i + 1, arms[i % arms.Count], null))
            .OrderBy(a => a.Kommunenummer, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The arms of the first <paramref name="count"/> participants: permuted blocks of <paramref name="blockSize"/>
    /// (a multiple of the number of arms), each block holding every arm equally often. Block b is shuffled by its own
    /// stream seeded from (seed, b), so a longer list starts with the shorter one.
    /// </summary>
    public static IReadOnlyList<string> ByParticipant(long seed, IReadOnlyList<string> arms, int blockSize, int count)
    {
        RequireArms(arms);
        if (blockSize < arms.Count || blockSize % arms.Count != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), "The block size must be a positive multiple of the number of arms.");
        }

        var list = new List<string>(count);
        for (var block = 0; list.Count < count; block++)
        {
            var places = Enumerable.Range(0, blockSize).Select(i => arms[i % arms.Count]).ToList();
            new AllocationRandom(BlockSeed(seed, block)).Shuffle(places);
            list.AddRange(places.Take(count - list.Count));
        }

        return list;
    }

    /// <summary>Whether a block size suits the arms (a positive multiple of their number, at most 60).</summary>
    public static bool IsBlockSize(int blockSize, int arms) => arms > 0 && blockSize >= arms && blockSize <= 60 && blockSize % arms == 0;

    private static long BlockSeed(long seed, int block) => unchecked(seed + ((long)block * -7046029254386353131L));

    private static List<string> Ordered(IEnumerable<string> units) => [.. units.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static void RequireArms(IReadOnlyList<string> arms)
    {
        if (arms.Count is < 2 or > MaxArms || arms.Distinct(StringComparer.Ordinal).Count() != arms.Count)
        {
            throw new ArgumentException($"Between 2 and {MaxArms} distinct arms are required.", nameof(arms));
        }
    }
}
