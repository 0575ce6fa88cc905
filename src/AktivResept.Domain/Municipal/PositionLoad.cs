namespace AktivResept.Domain.Municipal;

/// <summary>One position's terms: a share of a full-time position (0.4 = 40 %) from one Oslo day to another (inclusive; open-ended when null).</summary>
public sealed record PositionTerm(decimal Share, DateOnly From, DateOnly? To)
{
    public bool IsActiveOn(DateOnly day) => From <= day && (To is null || To >= day);

    public bool Overlaps(PositionTerm other) =>
        From <= (other.To ?? DateOnly.MaxValue) && other.From <= (To ?? DateOnly.MaxValue);
}

/// <summary>
/// How much of a full-time position a person holds at once across their positions (a shared position is several).
/// Together they may not exceed one full-time position on any day.
/// </summary>
public static class PositionLoad
{
    public const decimal FullTime = 1m;

    /// <summary>
    /// The largest total share on any day of <paramref name="added"/>'s period, counting it and every held position
    /// active that day. The total only rises where a position starts, so it is enough to look at the added position's
    /// first day and each held position's first day inside the period.
    /// </summary>
    public static decimal PeakWith(PositionTerm added, IEnumerable<PositionTerm> held)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(held);
        var overlapping = held.Where(added.Overlaps).ToList();
        return overlapping.Select(h => h.From).Where(added.IsActiveOn).Append(added.From)
            .Max(day => added.Share + overlapping.Where(h => h.IsActiveOn(day)).Sum(h => h.Share));
    }

    /// <summary>Whether adding the position keeps the person within one full-time position on every day.</summary>
    public static bool Fits(PositionTerm added, IEnumerable<PositionTerm> held) => PeakWith(added, held) <= FullTime;

    /// <summary>A share is a whole percent of a full-time position: 0.01 (1 %) to 1 (100 %).</summary>
    public static bool IsValidShare(decimal share) => share is >= 0.01m and <= FullTime && decimal.Round(share, 2) == share;
}
