using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// Days on sickness benefit or AAP in the window before the start and the same-length window after the end, per
/// person who started (their episode), from the registry's periods; overlapping periods count each day once.
/// </summary>
internal sealed class SickLeaveCounter(int windowDays, decimal dailyCost)
{
    private readonly List<(int From, int To)> spans = [];
    private RunningMoments before;
    private RunningMoments after;
    private RunningMoments change;
    private long totalChange;

    public void Add(AccountPerson person)
    {
        if (!person.Started)
        {
            return;
        }

        var episode = person.Episode;
        var start = episode.StartDate.DayNumber;
        var end = episode.EndDate.DayNumber;
        var daysBefore = Days(episode.IncomeBenefitPeriods, start - windowDays, start - 1);
        var daysAfter = Days(episode.IncomeBenefitPeriods, end + 1, end + windowDays);
        before.Add(daysBefore);
        after.Add(daysAfter);
        change.Add(daysAfter - daysBefore);
        totalChange += daysAfter - daysBefore;
    }

    public SickLeaveAccount Publish(int? participants)
    {
        var enough = before.Count >= SmallCells.Minimum;
        var interval = enough ? TInterval.ForMean(change) : null;
        return new SickLeaveAccount(
            windowDays,
            dailyCost,
            participants,
            enough ? before.Mean : null,
            enough ? after.Mean : null,
            interval is { } i ? new ConfidenceInterval(i.Estimate, i.Lower, i.Upper) : null,
            enough ? Math.Round(dailyCost * totalChange / before.Count, 2, MidpointRounding.AwayFromZero) : null);
    }

    /// <summary>Days from <paramref name="from"/> to <paramref name="to"/> (day numbers, inclusive) covered by a period.</summary>
    private int Days(IReadOnlyList<AccountBenefitPeriod> periods, int from, int to)
    {
        spans.Clear();
        foreach (var period in periods)
        {
            if (period.Kind is not (BenefitKind.SicknessBenefit or BenefitKind.WorkAssessmentAllowance))
            {
                continue;
            }

            var first = Math.Max(from, period.From.DayNumber);
            var last = Math.Min(to, period.To?.DayNumber ?? int.MaxValue);
            if (first <= last)
            {
                spans.Add((first, last));
            }
        }

        spans.Sort();
        var days = 0;
        var coveredTo = int.MinValue;
        foreach (var (first, last) in spans)
        {
            var begin = Math.Max(first, coveredTo + 1);
            if (begin <= last)
            {
                days += last - begin + 1;
                coveredTo = last;
            }
        }

        return days;
    }
}
