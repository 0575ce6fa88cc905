using AktivResept.Domain.Errors;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>
/// The booking rules, judged on the hold under the locks (synchronously: a batch of bookings waits for no one while it
/// holds them), in this order: the programme and session still open and ahead, the person registered, not paused by the
/// no-show rule, eligible on the session's day, the person rules (one booking per session, no overlap, the weekly
/// limit), and a place or a queue number. What it needs from outside the locks — the benefit registry's periods, the
/// clock — is asked before.
/// </summary>
internal sealed class BookingJudge(DateTimeOffset now, DateOnly today, NoShowRule noShows, DateOnly birthDate, bool waitingList, ProgrammeBookingOptions options)
{
    /// <summary>The person's eligibility on any day in the hold's programme: its benefits and the person's referrals there.</summary>
    public Func<DateOnly, ProgrammeEligibilityResult> EligibleOn(BookingHold hold) =>
        ProgrammeParticipants.EligibilityOn(birthDate, hold.Benefits, hold.Person?.Referrals ?? [], hold.Programme.Kommunenummer);

    /// <summary>The verdict; when it is to book, the place or queue number applied to the locked session and given to the booking and its audit row.</summary>
    public BookingVerdict Judge(BookingHold hold, ProgrammeBooking booking, AuditRecord record)
    {
        var (programme, session, known, week, _) = hold;
        if (Timing(programme, session) is { } closed)
        {
            return new BookingVerdict(closed);
        }

        if (known?.RegistrationId is null)
        {
            return new BookingVerdict(Failure.Of(ProgrammeErrorCodes.NotRegistered, "nationalId"));
        }

        if (noShows.PauseOn(known.NoShowDays, today) is { } pause)
        {
            return new BookingVerdict(
                Failure.Of(ProgrammeErrorCodes.Paused.With(
                    ("until", pause.Until), ("count", pause.NoShows), ("from", pause.FirstNoShow), ("to", pause.LastNoShow),
                    ("windowDays", options.NoShowWindowDays), ("pauseDays", options.PauseDays))),
                Pause: pause);
        }

        if (EligibleOn(hold)(session.Date) is { Eligible: false, Reason: { } reason })
        {
            return new BookingVerdict(Failure.Of(reason, "nationalId"), Ineligible: reason);
        }

        if (PersonRules(week, session) is { } broken)
        {
            return new BookingVerdict(broken);
        }

        var decision = SessionQueue.Places(session).Book(waitingList);
        if (decision.Decision == PlaceDecision.Full)
        {
            return new BookingVerdict(Failure.Of(
                ProgrammeErrorCodes.SessionFull.With(("date", session.Date), ("time", SessionBookings.LocalTime(session.StartsAt))), "waitingList"));
        }

        SessionQueue.Apply(session, decision.After);
        booking.PersonId = known.PersonId;
        booking.Status = decision.Decision == PlaceDecision.Place ? BookingStatus.Booked : BookingStatus.Waiting;
        booking.QueueNumber = decision.QueueNumber;
        record.SubjectPersonId = known.PersonId;
        return BookingVerdict.Accepted;
    }

    private Failure? Timing(Programme programme, ProgrammeSession session)
    {
        if (programme.EndedAt is { } ended && ended <= now)
        {
            return Failure.Of(ProgrammeErrorCodes.ProgrammeEnded.With(("date", Oslo.Today(ended))));
        }

        if (session.IsCancelled)
        {
            return Failure.Of(ProgrammeErrorCodes.SessionCancelled.With(("date", session.Date), ("reason", session.CancellationReason ?? string.Empty)));
        }

        return session.StartsAt <= now
            ? Failure.Of(ProgrammeErrorCodes.SessionPast.With(("date", session.Date), ("time", SessionBookings.LocalTime(session.StartsAt))))
            : null;
    }

    /// <summary>
    /// One booking per session, no two at once, and at most the weekly limit in the session's ISO week, from the person's
    /// week read under their lock.
    /// </summary>
    private Failure? PersonRules(List<WeekBooking> open, ProgrammeSession session)
    {
        if (open.FirstOrDefault(x => x.SessionId == session.Id) is { } same)
        {
            return Failure.Of(ProgrammeErrorCodes.AlreadyBooked.With(("status", same.Status)));
        }

        if (open.FirstOrDefault(x => x.StartsAt < session.EndsAt && session.StartsAt < x.EndsAt) is { } overlapping)
        {
            return Failure.Of(ProgrammeErrorCodes.Overlap.With(("date", overlapping.Date), ("time", SessionBookings.LocalTime(overlapping.StartsAt))));
        }

        var limit = options.WeeklyLimit;
        if (!limit.Allows(open.Select(x => x.Date), session.Date))
        {
            var (year, week) = Domain.Calendar.OsloCalendar.IsoWeekOf(session.Date);
            return Failure.Of(ProgrammeErrorCodes.WeeklyLimit.With(("max", limit.Max), ("week", week), ("year", year)));
        }

        return null;
    }
}
