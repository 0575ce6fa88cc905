using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.Municipal;

/// <summary>A provider's waiting time from sent to accepted: how many were accepted and the median in days.</summary>
public sealed record WaitingFigure(int? Accepted, double? MedianDays);

public static class WaitingTime
{
    /// <summary>
    /// The median of the waits (in days, to a tenth), shown only where at least <see cref="SmallCells.Minimum"/>
    /// waits lie behind it: a median of two people's waits is their waits.
    /// </summary>
    public static WaitingFigure Of(IReadOnlyCollection<TimeSpan> waits)
    {
        ArgumentNullException.ThrowIfNull(waits);
        if (!SmallCells.CanShow(waits.Count))
        {
            return new WaitingFigure(null, null);
        }

        if (waits.Count == 0)
        {
            return new WaitingFigure(0, null);
        }

        var days = waits.Select(w => w.TotalDays).Order().ToArray();
        var middle = days.Length / 2;
        var median = days.Length % 2 == 1 ? days[middle] : (days[middle - 1] + days[middle]) / 2;
        return new WaitingFigure(waits.Count, Math.Round(median, 1, MidpointRounding.AwayFromZero));
    }
}
