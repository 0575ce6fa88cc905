using AktivResept.Domain.Calendar;

namespace AktivResept.Domain.Programmes;

/// <summary>
/// At most <see cref="Max"/> bookings (a place or a queue number) per person in one ISO week of Oslo days, so a few
/// people cannot fill the week for everyone. The week is that of the session booked, not of the day of booking.
/// </summary>
public sealed record WeeklyBookingLimit(int Max)
{
    /// <summary>Whether one more booking on <paramref name="sessionDay"/> keeps the person within the limit.</summary>
    public bool Allows(IEnumerable<DateOnly> openBookingDays, DateOnly sessionDay)
    {
        var week = OsloCalendar.IsoWeekOf(sessionDay);
        return openBookingDays.Count(d => OsloCalendar.IsoWeekOf(d) == week) < Max;
    }
}
