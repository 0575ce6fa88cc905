namespace AktivResept.Domain.Prescriptions;

/// <summary>
/// A break the participant takes: why, and from which Oslo day through which (both inclusive). Ending it early moves
/// <see cref="LastDay"/> back to the day before training resumes; one ended before it began has no days left.
/// </summary>
public sealed class PrescriptionPause
{
    private PrescriptionPause()
    {
        CreatedBy = string.Empty;
        CreatedByRole = string.Empty;
    }

    public PrescriptionPause(Guid prescriptionId, PauseReason reason, string? note, DateOnly firstDay, DateOnly lastDay, Actor by, DateTimeOffset at)
        : this()
    {
        Id = Guid.CreateVersion7();
        PrescriptionId = prescriptionId;
        Reason = reason;
        Note = note;
        FirstDay = firstDay;
        LastDay = lastDay;
        CreatedBy = by.Id;
        CreatedByRole = by.Role;
        CreatedAt = at;
    }

    public Guid Id { get; private set; }

    public Guid PrescriptionId { get; private set; }

    public PauseReason Reason { get; private set; }

    /// <summary>The participant's own words, if any; shown to the participant only, never sent in a notification.</summary>
    public string? Note { get; private set; }

    public DateOnly FirstDay { get; private set; }

    public DateOnly LastDay { get; private set; }

    public string CreatedBy { get; private set; }

    public string CreatedByRole { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the participant ended the pause early (resumed), if they did.</summary>
    public DateTimeOffset? EndedEarlyAt { get; private set; }

    public PausedSpan Span => new(FirstDay, LastDay);

    public int Days => Span.Days;

    internal void EndEarly(DateOnly lastDay, DateTimeOffset at)
    {
        LastDay = lastDay;
        EndedEarlyAt = at;
    }
}
