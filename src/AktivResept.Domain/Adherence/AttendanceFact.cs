namespace AktivResept.Domain.Adherence;

/// <summary>One attendance event as the adherence rules see it: when, what, and how long if known.</summary>
public sealed record AttendanceFact(DateTimeOffset OccurredAt, AttendanceKind Kind, int? Minutes = null)
{
    public bool Attended => CountableSession.CountsForAdherence(Kind);
}
