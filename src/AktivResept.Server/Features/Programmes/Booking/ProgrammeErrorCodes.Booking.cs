using AktivResept.Domain.Errors;
using static AktivResept.Domain.Errors.ErrorKind;

namespace AktivResept.Server.Features.Programmes;

/// <summary>The booking slice's codes: registration, programme referrals, booking, cancelling and offers.</summary>
public static partial class ProgrammeErrorCodes
{
    public static readonly ErrorCode BookingRole = new("programme.booking.role", Forbidden, "Only the participant, the programme's municipality coordinator or the admin of the gym running it may do this.");
    public static readonly ErrorCode ReferralIssuerOnly = new("programme.referral.issuer-only", Forbidden, "Only a frisklivssentral or NAV counsellor may issue programme referrals.");
    public static readonly ErrorCode ReferralPeriod = new("programme.referral.period", Invalid, "must be on or after validFrom and at most {max} days after it.");
    public static readonly ErrorCode OtherPersonsId = new("programme.booking.other-person", Invalid, "must be your own national id (or left out).");
    public static readonly ErrorCode ProgrammeEnded = new("programme.ended", Rule, "The programme ended on {date} and takes no registrations or bookings.");
    public static readonly ErrorCode NotRegistered = new("programme.booking.not-registered", Rule, "The person is not registered for this programme; register first.");
    public static readonly ErrorCode SessionCancelled = new("programme.booking.session-cancelled", Rule, "The session on {date} is cancelled: {reason}");
    public static readonly ErrorCode SessionPast = new("programme.booking.session-past", Rule, "The session on {date} at {time} has started or is over.");
    public static readonly ErrorCode SessionFull = new("programme.booking.full", Rule, "The session on {date} at {time} is full and the waiting list was declined.");
    public static readonly ErrorCode AlreadyBooked = new("programme.booking.already-booked", Rule, "The person already has a booking on this session ({status}).");
    public static readonly ErrorCode Overlap = new("programme.booking.overlap", Rule, "The person already has a booking on {date} at {time} that overlaps this session.");
    public static readonly ErrorCode WeeklyLimit = new("programme.booking.weekly-limit", Rule, "At most {max} bookings per person in one week (week {week} of {year}).");
    public static readonly ErrorCode Paused = new("programme.booking.paused", Rule, "Booking is paused until {until}: {count} no-shows between {from} and {to} (within {windowDays} days) pause booking for {pauseDays} days.");
    public static readonly ErrorCode NotCancellable = new("programme.booking.not-cancellable", Rule, "A booking that is {status} cannot be cancelled.");
    public static readonly ErrorCode SessionStarted = new("programme.booking.session-started", Rule, "The session on {date} at {time} has started; the booking can no longer be changed.");
    public static readonly ErrorCode NotOffered = new("programme.booking.not-offered", Rule, "Only an offered place can be confirmed; this booking is {status}.");
    public static readonly ErrorCode OfferExpired = new("programme.booking.offer-expired", Rule, "The offer ran out at {time} on {date}; the place has passed on.");
}
