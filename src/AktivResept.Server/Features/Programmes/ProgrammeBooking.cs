using AktivResept.Domain.Programmes;

namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// A person's place on (or in the queue for) one session. At most one open booking per person and session (a filtered
/// unique index). Waiting bookings carry the session's queue number they were given; an offered place carries the
/// deadline to confirm it by.
/// </summary>
public sealed class ProgrammeBooking
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid SessionId { get; set; }

    public Guid ProgrammeId { get; set; }

    public Guid PersonId { get; set; }

    public BookingStatus Status { get; set; }

    /// <summary>The waiting-list number (commit order); kept after promotion for the record.</summary>
    public long? QueueNumber { get; set; }

    /// <summary>For an offered place: the instant the offer passes to the next in line.</summary>
    public DateTimeOffset? OfferExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>"self" or the staff user who booked on the person's behalf.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset StatusChangedAt { get; set; }

    public string StatusChangedBy { get; set; } = string.Empty;

    /// <summary>Optimistic concurrency: every status change bumps it.</summary>
    public int Version { get; set; }
}
