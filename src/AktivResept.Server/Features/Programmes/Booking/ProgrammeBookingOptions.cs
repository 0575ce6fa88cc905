using AktivResept.Domain.Programmes;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>Section <c>Programmes:Booking</c>: the booking rules' numbers and the offer-expiry job's schedule.</summary>
public sealed class ProgrammeBookingOptions
{
    public const string Section = "Programmes:Booking";

    /// <summary>Bookings (places and queue numbers) per person in one ISO week of Oslo days.</summary>
    public int MaxBookingsPerWeek { get; set; } = 3;

    /// <summary>A cancellation less than this many hours before the start is recorded as late.</summary>
    public int LateCancellationHours { get; set; } = 24;

    /// <summary>How long the first in the queue has to confirm a freed place (capped at the session's start).</summary>
    public int OfferDeadlineMinutes { get; set; } = 12 * 60;

    /// <summary>The no-show rule: this many no-shows ...</summary>
    public int NoShowsBeforePause { get; set; } = 3;

    /// <summary>... within this many days ...</summary>
    public int NoShowWindowDays { get; set; } = 28;

    /// <summary>... pause booking for this many days.</summary>
    public int PauseDays { get; set; } = 14;

    /// <summary>The longest a programme referral can run, in days.</summary>
    public int MaxReferralDays { get; set; } = 366;

    /// <summary>PostgreSQL: the most bookings one transaction of <see cref="PostgresBookingBatches"/> commits together.</summary>
    public int BatchMaxBookings { get; set; } = 64;

    /// <summary>
    /// PostgreSQL: how many booking transactions a node runs at once, each with its own connection. One: since a booking
    /// request makes no round trip of its own, the queue fills while a transaction commits, and one writer's larger
    /// batches cost PostgreSQL half as much a booking as two writers' (docs/benchmarks.md, booking round 9).
    /// </summary>
    public int BatchWriters { get; set; } = 1;

    public bool RunOfferExpiryJob { get; set; } = true;

    public int OfferExpiryIntervalSeconds { get; set; } = 60;

    /// <summary>The day-close job (<c>SessionDayCloseJob</c>): closes the registers of sessions whose Oslo day has ended.</summary>
    public bool RunSessionCloseJob { get; set; } = true;

    public int SessionCloseIntervalSeconds { get; set; } = 300;

    public NoShowRule NoShowRule => new(NoShowsBeforePause, NoShowWindowDays, PauseDays);

    public WeeklyBookingLimit WeeklyLimit => new(MaxBookingsPerWeek);
}
