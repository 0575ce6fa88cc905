using AktivResept.Domain.Adherence;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// A gym system's check-ins pre-fill the instructor's register: a person with a confirmed place (still only booked) on
/// a session at the location checked in at, from an hour before it starts until it ends, is marked attended
/// (<see cref="CheckInMarker"/>). Called inside the delivery's transaction with only the events stored
/// by it, so a retried delivery (same webhook-id) or the same event sent again changes nothing; a mark the instructor
/// already made is never overwritten. The prescription side of the same event is untouched.
/// </summary>
public static class ProgrammeCheckIns
{
    /// <summary>Who changed a booking that a check-in marked attended (the register shows it as checked in).</summary>
    public const string CheckInMarker = "check-in";

    public static async Task<int> PrefillAsync(AktivDbContext db, IReadOnlyCollection<AttendanceRecord> stored, DateTimeOffset now, CancellationToken ct)
    {
        var checkIns = stored
            .Where(r => r.ParticipantId is not null && r.LocationId is not null && CountableSession.CountsForAdherence(r.Kind))
            .ToList();
        if (checkIns.Count == 0)
        {
            return 0;
        }

        var people = checkIns.Select(r => r.ParticipantId!.Value).Distinct().ToList();
        var locations = checkIns.Select(r => r.LocationId!.Value).Distinct().ToList();
        var earliest = checkIns.Min(r => r.OccurredAt);
        var latest = checkIns.Max(r => r.OccurredAt) + SessionAttendance.CheckInBeforeStart;
        var candidates = await db.ProgrammeBookings.AsNoTracking()
            .Where(b => people.Contains(b.PersonId) && b.Status == BookingStatus.Booked)
            .Join(db.ProgrammeSessions.Where(s => locations.Contains(s.LocationId) && s.CancelledAt == null && s.EndsAt >= earliest && s.StartsAt <= latest),
                b => b.SessionId, s => s.Id, (b, s) => new { b.Id, b.PersonId, s.LocationId, s.StartsAt, s.EndsAt })
            .ToListAsync(ct);
        var matched = candidates
            .Where(c => checkIns.Any(r => r.ParticipantId == c.PersonId && r.LocationId == c.LocationId && SessionAttendance.CheckInCounts(r.OccurredAt, c.StartsAt, c.EndsAt)))
            .Select(c => c.Id)
            .ToList();
        if (matched.Count == 0)
        {
            return 0;
        }

        return await db.ProgrammeBookings
            .Where(b => matched.Contains(b.Id) && b.Status == BookingStatus.Booked)
            .ExecuteUpdateAsync(u => u
                .SetProperty(b => b.Status, BookingStatus.Attended)
                .SetProperty(b => b.StatusChangedAt, now)
                .SetProperty(b => b.StatusChangedBy, CheckInMarker)
                .SetProperty(b => b.Version, b => b.Version + 1), ct);
    }
}
