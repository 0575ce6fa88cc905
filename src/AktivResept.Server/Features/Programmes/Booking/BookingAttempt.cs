using AktivResept.Domain.Errors;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>A booking of the person's that holds or held a place in the session's ISO week: what the person rules count.</summary>
public sealed record WeekBooking(Guid SessionId, BookingStatus Status, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>
/// The person with the booking's national id as the transaction found them: their registration for the programme (none:
/// not registered) with the pause recorded on it, and the dates of their no-shows in the programme since the day asked.
/// </summary>
public sealed record KnownPerson(Guid PersonId, Guid? RegistrationId, DateOnly? PausedUntil, List<DateOnly> NoShowDays);

/// <summary>What a booking is judged on, read under the locks: the person (null if not known to us), their week, the session.</summary>
public sealed record BookingHold(KnownPerson? Person, List<WeekBooking> Week, ProgrammeSession Session);

/// <summary>
/// The rules' answer on a hold: a refusal, with what it adds after the locks are given back (the no-show pause to keep on
/// the registration, the ineligibility to offer an alternative for), or none — then the judge has given the booking its
/// status and queue number, the person and the audit row their subject, and applied the place to the locked session.
/// </summary>
public sealed record BookingVerdict(Failure? Refusal, NoShowPause? Pause = null, Error? Ineligible = null)
{
    public static readonly BookingVerdict Accepted = new(Refusal: null);
}

/// <summary>
/// One booking handed to the transaction: who and what to lock and read (the person by their national id's lookup hash,
/// their registration and no-shows in the programme since <see cref="NoShowsSince"/>, their week, the session), the
/// rules to judge the hold by — synchronous, run under the locks — and the rows to write when they allow it.
/// </summary>
public sealed record BookingAttempt(
    string NationalIdHash, Guid ProgrammeId, DateOnly NoShowsSince, ProgrammeSession Session, ProgrammeBooking Booking, AuditRecord Audit,
    Func<BookingHold, BookingVerdict> Judge)
{
    /// <summary>Monday and Sunday of the session's ISO week (Oslo days): the person rules' window.</summary>
    public (DateOnly Monday, DateOnly Sunday) Week
    {
        get
        {
            var monday = Domain.Calendar.OsloCalendar.MondayOf(Session.Date);
            return (monday, monday.AddDays(6));
        }
    }
}

/// <summary>
/// How the attempt ended: the hold it was judged on, the verdict, and whether the booking was written. Accepted but not
/// written means the person already held an open booking of the session (the one-open-booking index; the person's lock
/// makes this a backstop), and then nothing of it was.
/// </summary>
public sealed record BookingResult(BookingHold Hold, BookingVerdict Verdict, bool Written);
