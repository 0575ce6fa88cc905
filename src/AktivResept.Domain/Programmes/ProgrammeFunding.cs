namespace AktivResept.Domain.Programmes;

/// <summary>How a gym-run programme is paid: per attended place (head) or per session delivered. Wire names: per-attendee, per-session.</summary>
public enum ProgrammeFunding
{
    PerAttendee,
    PerSession,
}
