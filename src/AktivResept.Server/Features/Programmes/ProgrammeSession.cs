namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// One dated session of a series: the row bookings lock. <see cref="Booked"/> counts the places taken and can never
/// pass <see cref="Capacity"/> (a check constraint in the database, and every booking changes it under the row's lock);
/// <see cref="NextQueueNumber"/> hands out waiting-list numbers in commit order under the same lock.
/// </summary>
public sealed class ProgrammeSession : Data.IHasLastUpdated
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProgrammeId { get; set; }

    public Guid SeriesId { get; set; }

    /// <summary>The Oslo day, for calendar rules (eligibility on the day, the weekly booking limit).</summary>
    public DateOnly Date { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    /// <summary>
    /// The activity this date was (or will be) held as: copied from the series when the date is generated and changed with
    /// the series only while the date has not started, so reports and claims keep what a past session was.
    /// </summary>
    public Domain.Programmes.ProgrammeActivity Activity { get; set; }

    public Guid LocationId { get; set; }

    public string Room { get; set; } = string.Empty;

    public Guid? InstructorTrainerId { get; set; }

    public int Capacity { get; set; }

    /// <summary>Places held (booked, offered, attended or no-show).</summary>
    public int Booked { get; set; }

    /// <summary>People on the waiting list now.</summary>
    public int Waiting { get; set; }

    /// <summary>The next waiting-list number to hand out; numbers only grow, so queue order is commit order.</summary>
    public long NextQueueNumber { get; set; } = 1;

    public DateTimeOffset? CancelledAt { get; set; }

    public string? CancelledBy { get; set; }

    /// <summary>Why the date was cancelled, as told to everyone booked.</summary>
    public string? CancellationReason { get; set; }

    public bool IsCancelled => CancelledAt is not null;

    public int FreePlaces => IsCancelled ? 0 : Math.Max(0, Capacity - Booked);

    /// <summary>When this row was last saved (set in SaveChanges, see LastUpdatedStamping).</summary>
    public DateTimeOffset LastUpdated { get; set; }
}
