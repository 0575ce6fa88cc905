namespace AktivResept.Domain.Pilots;

/// <summary>
/// When a pilot measures its participants: months after enrolment (0 = at enrolment), strictly increasing, e.g.
/// 0, 3, 6, 12, 24, 36 for three years. The outcomes work reads it to know which measurements are due.
/// </summary>
public sealed record FollowUpSchedule(IReadOnlyList<int> Months)
{
    public const int MaxMonths = 120;

    public const int MaxPoints = 24;

    /// <summary>The schedule's months if they are 0..120, strictly increasing, 1..24 of them; otherwise null.</summary>
    public static FollowUpSchedule? TryCreate(IReadOnlyList<int> months) =>
        months.Count is >= 1 and <= MaxPoints && months.All(m => m is >= 0 and <= MaxMonths) && months.Zip(months.Skip(1)).All(p => p.First < p.Second)
            ? new FollowUpSchedule([.. months])
            : null;

    /// <summary>The last month of follow-up: how long a participant is followed.</summary>
    public int Span => Months[^1];

    /// <summary>The day each measurement falls due for someone enrolled on <paramref name="enrolledOn"/> (end-of-month clamped).</summary>
    public IReadOnlyList<DateOnly> DueDates(DateOnly enrolledOn) => [.. Months.Select(enrolledOn.AddMonths)];
}
