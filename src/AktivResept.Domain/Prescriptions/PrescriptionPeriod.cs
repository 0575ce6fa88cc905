namespace AktivResept.Domain.Prescriptions;

/// <summary>
/// The one definition of a prescription's last day: the prescribed weeks from the start, plus every paused day (a
/// pause moves the end, it does not shorten the training). Queries that project columns instead of loading the
/// prescription call this with its <c>PausedDays</c> column.
/// </summary>
public static class PrescriptionPeriod
{
    public static DateOnly EndOf(DateOnly start, int durationWeeks, int pausedDays) =>
        start.AddDays((durationWeeks * 7) - 1 + pausedDays);
}
