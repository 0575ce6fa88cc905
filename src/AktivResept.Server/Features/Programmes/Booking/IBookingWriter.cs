namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>
/// A booking's transaction (<see cref="SessionBookings.BookAsync"/>): the benefit registry asked about the person first;
/// then the person's row lock (found by their national id), their registration, referrals, no-shows and week read under
/// it, and the session's row lock with its programme read (a session not in the attempt's programme, or a programme the
/// caller may not book in, ends the attempt as not found); then the attempt's judge; then either
/// the write — the booking, the session's counters, the audit row — and the commit, or nothing. The lock order is always
/// person, then session (<see cref="SessionQueue"/>'s rule: counters change only under the session's lock). The weekly
/// limit and the overlap rule are per person across every programme, so one person's bookings are judged one at a time
/// under the person's lock (not the registration's, which is per programme).
/// PostgreSQL commits concurrent bookings together (<see cref="PostgresBookingBatches"/>); SQLite, one writer at a time,
/// runs each through EF Core (<see cref="EfBookingWriter"/>).
/// </summary>
public interface IBookingWriter
{
    /// <summary>
    /// Runs the attempt's transaction. Once handed over, the attempt is decided and written whatever the caller does next
    /// (the write is not cancellable half-way); a database failure is thrown.
    /// </summary>
    Task<BookingResult> RunAsync(BookingAttempt attempt, CancellationToken ct);
}
