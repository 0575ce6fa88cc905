using AktivResept.Domain.Errors;
using static AktivResept.Domain.Errors.ErrorKind;

namespace AktivResept.Server.Features.Programmes;

/// <summary>Ending a programme, and linking a gym's member numbers to the people registered for it.</summary>
public static partial class ProgrammeErrorCodes
{
    public static readonly ErrorCode EndDateTooEarly = new("programme.end-date", Invalid, "must be from today ({today}) to {max}.");
    public static readonly ErrorCode AlreadyEnded = new("programme.already-ended", Rule, "The programme already ends on {date}.");
    public static readonly ErrorCode MemberRefGymOnly = new("forbidden.programme-member-ref", Forbidden, "Only the admin of the gym running the programme may link its member numbers.");
}
