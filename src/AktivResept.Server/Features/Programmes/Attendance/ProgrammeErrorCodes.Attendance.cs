using AktivResept.Domain.Errors;
using static AktivResept.Domain.Errors.ErrorKind;

namespace AktivResept.Server.Features.Programmes;

/// <summary>The attendance slice's codes: the instructor's register and messages to a session's participants.</summary>
public static partial class ProgrammeErrorCodes
{
    public static readonly ErrorCode AttendanceStatus = new("programme.attendance-status", Invalid, "The status must be attended, no-show or booked (to undo a mark).");
    public static readonly ErrorCode AttendanceSessionCancelled = new("programme.attendance-session-cancelled", Rule, "The session on {date} was cancelled; there is no attendance to mark.");
    public static readonly ErrorCode AttendanceTooEarly = new("programme.attendance-too-early", Rule, "Attendance for the session on {date} can be marked on that day, not before.");
    public static readonly ErrorCode AttendanceDayOver = new("programme.attendance-day-over", Rule, "The register of the session on {date} closed at the end of that day; marks can no longer be changed.");
    public static readonly ErrorCode AttendanceNotBooked = new("programme.attendance-not-booked", Rule, "The person has no confirmed place on this session (status {status}), so there is nothing to mark.");
    public static readonly ErrorCode MessageRequired = new("programme.message-required", Required, "Write the message to send.");
    public static readonly ErrorCode MessageTooLong = new("programme.message-too-long", Invalid, "The message may be at most {max} characters.");
    public static readonly ErrorCode MessageNationalId = new("programme.message-national-id", Rule, "The message seems to hold a national id number; SMS and e-mail must not carry one.");
    public static readonly ErrorCode MessageHealthData = new("programme.message-health-data", Rule, "The message seems to mention health matters («{word}»); SMS and e-mail must not carry health data.");
    public static readonly ErrorCode MessageNoRecipients = new("programme.message-no-recipients", Rule, "Nobody is booked on the session on {date}; there is no one to send to.");
}
