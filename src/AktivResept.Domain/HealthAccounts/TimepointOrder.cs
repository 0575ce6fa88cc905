using AktivResept.Domain.Outcomes;

namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// Timepoints in the order of the programme's schedule (baseline, end, m6, m12, m24, m36), other codes (a pilot's
/// own) after them by name; and the day a timepoint falls on for a prescription, for imputing a missing one.
/// </summary>
internal static class TimepointOrder
{
    public const string Baseline = "baseline";

    private static readonly IReadOnlyList<Timepoint> Programme = ScheduleDefinition.Programme.Timepoints;

    public static List<string> Sort(IEnumerable<string> codes) =>
        codes.Distinct(StringComparer.Ordinal).OrderBy(Rank).ThenBy(c => c, StringComparer.Ordinal).ToList();

    /// <summary>The programme's due day of the timepoint, or <paramref name="fallbackOffsetDays"/> after the start for another code.</summary>
    public static DateOnly NominalDay(string code, AccountParticipant participant, int fallbackOffsetDays)
    {
        foreach (var timepoint in Programme)
        {
            if (timepoint.Code == code)
            {
                return (timepoint.Anchor == TimepointAnchor.Start ? participant.StartDate : participant.EndDate).AddMonths(timepoint.OffsetMonths);
            }
        }

        return participant.StartDate.AddDays(fallbackOffsetDays);
    }

    private static int Rank(string code)
    {
        for (var i = 0; i < Programme.Count; i++)
        {
            if (Programme[i].Code == code)
            {
                return i;
            }
        }

        return Programme.Count;
    }
}
