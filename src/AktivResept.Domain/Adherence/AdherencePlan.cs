namespace AktivResept.Domain.Adherence;

/// <summary>
/// The dose a prescription asks for, over its period (both dates inclusive, Oslo calendar days). <paramref name="Paused"/>:
/// the participant's pauses, which ask for no sessions and do not count as silence (the dropout clock stops).
/// </summary>
public sealed record AdherencePlan(DateOnly StartDate, DateOnly EndDate, int SessionsPerWeek, IReadOnlyList<AktivResept.Domain.Prescriptions.PausedSpan>? Paused = null);

/// <summary>
/// When silence becomes a concern: a dropout-risk alert after <paramref name="DropoutRiskAfterDays"/> days without
/// attendance, and DroppedOut (or Expired, if training never started) after <paramref name="DropOutAfterDays"/>.
/// Configured per programme.
/// </summary>
public sealed record AdherencePolicy(int DropoutRiskAfterDays, int DropOutAfterDays)
{
    public static readonly AdherencePolicy Default = new(14, 28);
}
