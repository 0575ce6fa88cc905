using AktivResept.Domain.Errors;
using static AktivResept.Domain.Errors.ErrorKind;

namespace AktivResept.Server.Features.Programmes;

/// <summary>The timetable's codes: who may create which programme, terms, weekly series and cancelled dates.</summary>
public static partial class ProgrammeErrorCodes
{
    // Who may build a timetable (403).
    public static readonly ErrorCode TimetableStaffOnly = new("forbidden.programme-staff-only", Forbidden, "Only a municipality coordinator or a gym admin may build a timetable.");
    public static readonly ErrorCode OperatorNotForRole = new("forbidden.programme-operator", Forbidden, "Your role cannot create a programme run by {operator}.");

    // Creating a programme (who runs it decides who pays).
    public static readonly ErrorCode UnknownGym = new("programme.gym-unknown", Invalid, "is not a known gym.");
    public static readonly ErrorCode GymNotForMunicipality = new("programme.gym-for-municipality-run", Invalid, "must be empty for a programme the municipality runs itself.");
    public static readonly ErrorCode MunicipalityRunsOne = new("programme.municipality-runs-one", Rule, "{municipality} offers its own Aktiv på dagtid programme, so a gym delivers it only under a contract with the municipality.");
    public static readonly ErrorCode NoActiveContract = new("programme.no-active-contract", Rule, "{gym} has no active contract with {municipality}.");
    public static readonly ErrorCode NoStatePayer = new("programme.no-state-payer", Rule, "No state payer is registered to fund the programme at the national tariff.");
    public static readonly ErrorCode GymHasNoLocationThere = new("programme.gym-no-location", Rule, "{gym} has no location in {municipality}.");
    public static readonly ErrorCode ProgrammeExists = new("programme.exists", Rule, "{municipality} already has a programme run by {operator}.");

    // Terms.
    public static readonly ErrorCode TermTooLong = new("programme.term-too-long", Invalid, "A term may be at most {max} days long.");
    public static readonly ErrorCode HolidayOutsideTerm = new("programme.holiday-outside-term", Invalid, "must be a day within the term, {from} to {to}.");

    // Weekly series.
    public static readonly ErrorCode StartTime = new("programme.start-time", Invalid, "must be an Oslo wall-clock time as HH:mm.");
    public static readonly ErrorCode CapacityRequired = new("programme.capacity-required", ErrorKind.Required, "Give a head count, or a room's floor area for an activity that has a space per person.");
    public static readonly ErrorCode LocationNotOperators = new("programme.location-not-operators", Invalid, "is not a location of the programme's operator in its municipality.");
    public static readonly ErrorCode InstructorNotOperators = new("programme.instructor-not-operators", Invalid, "is not a trainer holding a position at the organisation that runs the programme.");
    public static readonly ErrorCode InstructorNotCertified = new("programme.instructor-not-certified", Rule, "{instructor} has no certification valid from {from} to {to}.");
    public static readonly ErrorCode RoomDoubleBooked = new("programme.room-double-booked", Rule, "{room} is already in use by «{title}» on {date} at {time} (session {session}).");
    public static readonly ErrorCode InstructorDoubleBooked = new("programme.instructor-double-booked", Rule, "{instructor} already leads «{title}» on {date} at {time} (session {session}).");
    public static readonly ErrorCode NoDatesLeft = new("programme.no-dates-left", Rule, "The series has no dates left in the term (to {to}).");
    public static readonly ErrorCode CapacityBelowBooked = new("programme.capacity-below-booked", Rule, "The session on {date} has {booked} places taken; capacity cannot go below that.");
    public static readonly ErrorCode WeekdayFixed = new("programme.weekday-fixed", Invalid, "cannot change once a series has sessions; end it and create a new series.");

    // Cancelling a date.
    public static readonly ErrorCode SessionAlreadyStarted = new("programme.session-started", Rule, "The session on {date} has already started.");
    public static readonly ErrorCode SessionAlreadyCancelled = new("programme.session-already-cancelled", Rule, "The session on {date} is already cancelled.");

    // The public timetable.
    public static readonly ErrorCode TimetableRange = new("timetable.range", Invalid, "must be on or after 'from' and at most {max} days after it.");
}
