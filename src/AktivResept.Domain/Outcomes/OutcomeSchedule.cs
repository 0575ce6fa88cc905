namespace AktivResept.Domain.Outcomes;

/// <summary>What a timepoint's due date counts from: the prescription's first day or its last.</summary>
public enum TimepointAnchor
{
    Start,
    End,
}

/// <summary>A point of measurement: baseline, end of period, a follow-up; due <see cref="OffsetMonths"/> months after its anchor.</summary>
public sealed record Timepoint(string Code, TimepointAnchor Anchor, int OffsetMonths, IReadOnlyList<string> Instruments);

/// <summary>
/// A schedule: its timepoints, how many days before the due date the reminder goes out and how many days after it a
/// timepoint without its measurements counts as missed. The programme's default is <see cref="Programme"/>; another
/// source (a pilot) may supply its own definition (<c>IOutcomeScheduleSource</c> on the server).
/// </summary>
public sealed record ScheduleDefinition(string Name, IReadOnlyList<Timepoint> Timepoints, int ReminderDaysBefore, int GraceDays)
{
    private static readonly string[] Everything = [.. InstrumentCatalogue.All.Select(i => i.Code)];

    private static readonly string[] FollowUp =
    [
        InstrumentCatalogue.ExerciseVitalSign, InstrumentCatalogue.SitToStand, InstrumentCatalogue.SixMinuteWalk,
        InstrumentCatalogue.Eq5d5l, InstrumentCatalogue.WorkStatus, InstrumentCatalogue.SickLeaveDays,
    ];

    private static readonly string[] Questionnaires = [.. InstrumentCatalogue.All.Where(i => i.IsQuestionnaire).Select(i => i.Code)];

    /// <summary>Baseline at the first day, end of period at the last, follow-ups 6, 12, 24 and 36 months after the start.</summary>
    public static readonly ScheduleDefinition Programme = new(
        "programme",
        [
            new("baseline", TimepointAnchor.Start, 0, Everything),
            new("end", TimepointAnchor.End, 0, Everything),
            new("m6", TimepointAnchor.Start, 6, FollowUp),
            new("m12", TimepointAnchor.Start, 12, Questionnaires),
            new("m24", TimepointAnchor.Start, 24, Questionnaires),
            new("m36", TimepointAnchor.Start, 36, Questionnaires),
        ],
        ReminderDaysBefore: 7,
        GraceDays: 14);

    public Timepoint? Find(string? code) => Timepoints.FirstOrDefault(t => t.Code == code);
}

/// <summary>Where a timepoint stands today.</summary>
public enum TimepointStatus
{
    /// <summary>Not yet in its reminder window.</summary>
    Upcoming,

    /// <summary>In its window (from the reminder to the end of the grace period) and not complete.</summary>
    Due,

    /// <summary>Every instrument of the timepoint has a measurement.</summary>
    Recorded,

    /// <summary>Past its grace period without every measurement.</summary>
    Missed,
}

public sealed record ScheduledTimepoint(Timepoint Timepoint, DateOnly DueDate, DateOnly RemindFrom, DateOnly MissedAfter, TimepointStatus Status, IReadOnlyList<string> Outstanding);

public static class OutcomeSchedule
{
    /// <summary>
    /// Each timepoint's due date and status on <paramref name="today"/> (Oslo), given the instruments already recorded
    /// per timepoint. A timepoint is missed the day after its grace period ends; a late measurement still completes it
    /// (recorded wins), so the status says what is outstanding now.
    /// </summary>
    public static IReadOnlyList<ScheduledTimepoint> For(ScheduleDefinition definition, DateOnly start, DateOnly end, DateOnly today,
        IReadOnlyDictionary<string, IReadOnlySet<string>> recorded)
    {
        var result = new List<ScheduledTimepoint>(definition.Timepoints.Count);
        foreach (var timepoint in definition.Timepoints)
        {
            var due = (timepoint.Anchor == TimepointAnchor.Start ? start : end).AddMonths(timepoint.OffsetMonths);
            var remind = due.AddDays(-definition.ReminderDaysBefore);
            var missedAfter = due.AddDays(definition.GraceDays);
            var done = recorded.GetValueOrDefault(timepoint.Code);
            var outstanding = timepoint.Instruments.Where(i => done is null || !done.Contains(i)).ToList();
            var status = outstanding.Count == 0 ? TimepointStatus.Recorded
                : today > missedAfter ? TimepointStatus.Missed
                : today >= remind ? TimepointStatus.Due
                : TimepointStatus.Upcoming;
            result.Add(new(timepoint, due, remind, missedAfter, status, outstanding));
        }

        return result;
    }
}
