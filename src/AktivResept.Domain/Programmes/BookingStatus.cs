namespace AktivResept.Domain.Programmes;

/// <summary>
/// Where a booking stands. <see cref="Booked"/> and <see cref="Offered"/> hold a place (counted against capacity);
/// <see cref="Waiting"/> holds a queue number; the rest are ends. An offered place was freed and given to the first in
/// the queue, who must confirm before the offer's deadline or it passes to the next.
/// </summary>
public enum BookingStatus
{
    Booked,
    Waiting,
    Offered,
    Cancelled,
    LateCancelled,
    OfferExpired,
    Attended,
    NoShow,
    SessionCancelled,
}

public static class BookingStatuses
{
    /// <summary>The statuses that take one of the session's places.</summary>
    public static readonly IReadOnlyList<BookingStatus> HoldingAPlace = [BookingStatus.Booked, BookingStatus.Offered, BookingStatus.Attended, BookingStatus.NoShow];

    /// <summary>The statuses that make a person "on" a session (a place or the queue): one such booking per person and session.</summary>
    public static readonly IReadOnlyList<BookingStatus> Open = [BookingStatus.Booked, BookingStatus.Waiting, BookingStatus.Offered, BookingStatus.Attended, BookingStatus.NoShow];

    public static bool HoldsAPlace(this BookingStatus status) => HoldingAPlace.Contains(status);

    public static bool IsOpen(this BookingStatus status) => Open.Contains(status);
}
