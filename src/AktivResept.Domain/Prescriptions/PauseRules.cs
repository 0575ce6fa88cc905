using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Prescriptions;

/// <summary>
/// Whether a pause may be taken, as pure rules: only an accepted or active prescription pauses; a pause starts today
/// or later, ends on or after it starts and starts within the period; it overlaps no other pause; and all pauses
/// together stay within the allowance the referrer set (<c>MaxPauseWeeksTotal</c> weeks, 0 = no pausing). Refusals
/// carry the allowance and what is left of it, in days.
/// </summary>
public static class PauseRules
{
    /// <summary>The allowance when the referrer says nothing: four weeks in all.</summary>
    public const int DefaultMaxWeeksTotal = 4;

    /// <summary>The most a referrer may allow (a year's worth of interruptions would no longer be one prescription).</summary>
    public const int MaxWeeksTotalLimit = 26;

    public static bool CanPause(PrescriptionStatus status) => status is PrescriptionStatus.Accepted or PrescriptionStatus.Active;

    public static int AllowanceDays(int maxWeeksTotal) => Math.Max(0, maxWeeksTotal) * 7;

    public static int DaysLeft(int maxWeeksTotal, IEnumerable<PausedSpan> taken) =>
        Math.Max(0, AllowanceDays(maxWeeksTotal) - taken.Sum(s => s.Days));

    public static TransitionOutcome Check(
        PrescriptionStatus status, DateOnly periodEnd, int maxWeeksTotal, IReadOnlyList<PausedSpan> taken, PausedSpan requested, DateOnly today)
    {
        if (!CanPause(status))
        {
            return TransitionOutcome.Refused(ErrorCodes.PauseNotPausable.With(("status", status)), "status");
        }

        if (requested.First < today)
        {
            return TransitionOutcome.Refused(ErrorCodes.NotInPast, "firstDay");
        }

        if (requested.Last < requested.First)
        {
            return TransitionOutcome.Refused(ErrorCodes.NotBefore.With(("other", requested.First)), "lastDay");
        }

        if (requested.First > periodEnd)
        {
            return TransitionOutcome.Refused(ErrorCodes.PauseAfterPeriod.With(("end", periodEnd)), "firstDay");
        }

        var limit = AllowanceDays(maxWeeksTotal);
        var left = DaysLeft(maxWeeksTotal, taken);
        if (limit == 0)
        {
            return TransitionOutcome.Refused(ErrorCodes.PauseNotAllowed.With(("limitDays", 0), ("leftDays", 0)), "firstDay");
        }

        if (taken.Where(t => t.Overlaps(requested)).Select(t => (PausedSpan?)t).FirstOrDefault() is { } clash)
        {
            return TransitionOutcome.Refused(
                ErrorCodes.PauseOverlaps.With(("from", clash.First), ("to", clash.Last), ("limitDays", limit), ("leftDays", left)), "firstDay");
        }

        if (requested.Days > left)
        {
            return TransitionOutcome.Refused(
                ErrorCodes.PauseOverLimit.With(("requestedDays", requested.Days), ("limitDays", limit), ("leftDays", left)), "lastDay");
        }

        return TransitionOutcome.Ok;
    }

    /// <summary>
    /// Ending a pause early: training resumes today, so the pause's last day becomes yesterday (or it has no days at all
    /// if it had not begun). A pause already over cannot be ended.
    /// </summary>
    public static TransitionOutcome CheckEnd(PausedSpan pause, DateOnly today, out DateOnly newLastDay)
    {
        newLastDay = pause.Last;
        if (pause.Days == 0 || pause.Last < today)
        {
            return TransitionOutcome.Refused(ErrorCodes.PauseAlreadyOver.With(("to", pause.Last)), "pauseId");
        }

        var resumeOn = today > pause.First ? today : pause.First;
        newLastDay = resumeOn.AddDays(-1);
        return TransitionOutcome.Ok;
    }
}
