using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Attendance;

/// <summary>
/// A person's «Aktiv på dagtid» attendance over a prescription's period: days trained at a session (one a day, by
/// <c>CountableSession</c>), no-shows, and places still booked. Shown beside the prescription's adherence, not added
/// to it: adherence counts the prescription's own sessions and check-ins, and a check-in that also filled a programme
/// register is one attendance event there, not two.
/// </summary>
public sealed record ProgrammeAttendanceView(Guid PrescriptionId, DateOnly From, DateOnly To, int AttendedDays, int NoShows, int Upcoming);

/// <summary>Who may see a prescription's adherence (<see cref="PrescriptionScope"/>) may see this beside it; each read audited.</summary>
public sealed class ProgrammeAttendanceSummaries(AktivDbContext db, PrescriptionScope scope, AuditLog audit)
{
    public async Task<Outcome<ProgrammeAttendanceView>> ForPrescriptionAsync(CurrentUser user, Guid prescriptionId, CancellationToken ct)
    {
        var resource = $"Prescription/{prescriptionId}/programme-attendance";
        var prescription = await scope.FindVisibleAsync(user, prescriptionId, ct);
        if (prescription is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var (from, to, person) = (prescription.StartDate, prescription.EndDate, prescription.ParticipantId);
        var rows = await db.ProgrammeBookings.AsNoTracking()
            .Where(b => b.PersonId == person && (b.Status == BookingStatus.Attended || b.Status == BookingStatus.NoShow || b.Status == BookingStatus.Booked))
            .Join(db.ProgrammeSessions.Where(s => s.Date >= from && s.Date <= to), b => b.SessionId, s => s.Id, (b, s) => new { s.Date, b.Status })
            .ToListAsync(ct);
        var tally = SessionAttendance.Tally(rows.Select(r => (r.Date, r.Status)));
        audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success, person);
        await audit.SaveAsync(ct);
        return new ProgrammeAttendanceView(prescriptionId, from, to, tally.AttendedDays, tally.NoShows, rows.Count(r => r.Status == BookingStatus.Booked));
    }
}
