using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>A booking of the person's that holds or held a place in the session's ISO week: what the person rules count.</summary>
public sealed record WeekBooking(Guid SessionId, BookingStatus Status, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    /// <summary>Monday and Sunday of the day's ISO week (Oslo days): the person rules' window.</summary>
    public static (DateOnly Monday, DateOnly Sunday) WeekOf(DateOnly day)
    {
        var monday = Domain.Calendar.OsloCalendar.MondayOf(day);
        return (monday, monday.AddDays(6));
    }
}

/// <summary>
/// The person with the booking's national id as the transaction found them: their registration for the programme (none:
/// not registered) with the pause recorded on it, the dates of their no-shows in the programme since the day asked, and
/// their programme referrals not withdrawn (any municipality's; the eligibility counts the programme's).
/// </summary>
public sealed record KnownPerson(Guid PersonId, Guid? RegistrationId, DateOnly? PausedUntil, List<DateOnly> NoShowDays)
{
    public List<ProgrammeReferral> Referrals { get; init; } = [];
}

/// <summary>
/// What a booking is judged on, read under the locks: the programme and the session (with the columns the rules and the
/// answer use), the person (null if not known to us) and their week; and the benefit registry's periods for the person,
/// asked just before.
/// </summary>
public sealed record BookingHold(Programme Programme, ProgrammeSession Session, KnownPerson? Person, List<WeekBooking> Week, IReadOnlyList<BenefitPeriod> Benefits);

/// <summary>
/// The rules' answer on a hold: a refusal, with what it adds after the locks are given back (the no-show pause to keep on
/// the registration, the ineligibility to offer an alternative for), or none — then the judge has given the booking its
/// status and queue number, the person and the audit row their subject, and applied the place to the locked session.
/// </summary>
public sealed record BookingVerdict(Failure? Refusal, NoShowPause? Pause = null, Error? Ineligible = null)
{
    public static readonly BookingVerdict Accepted = new(Refusal: null);

    /// <summary>No session by that id in that programme, or not one the caller may book in: the request's 404.</summary>
    public static BookingVerdict NotFound => new(Failure.NotFound());
}

/// <summary>
/// One booking handed to the writer: whom to ask the benefit registry about; who and what to lock and read (the person by
/// their national id's lookup hash, their registration, referrals and no-shows in the programme since
/// <see cref="NoShowsSince"/>, their week, the session and its programme — found only if <see cref="MayBookIn"/> lets the
/// caller book in it); the rules to judge the hold by — synchronous, run under the locks — and the rows to write when
/// they allow it.
/// </summary>
public sealed record BookingAttempt(
    Fodselsnummer NationalId, string NationalIdHash, Guid ProgrammeId, Guid SessionId, Func<Programme, bool> MayBookIn, DateOnly NoShowsSince,
    ProgrammeBooking Booking, AuditRecord Audit, Func<BookingHold, BookingVerdict> Judge);

/// <summary>
/// How the attempt ended: the hold it was judged on (none when the session was not found for it), the verdict, and
/// whether the booking was written. Accepted but not written means the person already held an open booking of the
/// session (the one-open-booking index; the person's lock makes this a backstop), and then nothing of it was.
/// </summary>
public sealed record BookingResult(BookingHold? Hold, BookingVerdict Verdict, bool Written);
