using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Prescriptions.Read;

/// <summary>Reading prescriptions within the caller's need-to-know scope; every read is audited.</summary>
public sealed class PrescriptionQueries(AktivDbContext db, PrescriptionScope scope, PrescriptionReader reader, AuditLog audit)
{
    /// <summary>Loads one visible prescription for reading or changing; unknown and not-yours both give null.</summary>
    public Task<Prescription?> FindVisibleAsync(CurrentUser user, Guid id, CancellationToken cancellationToken) =>
        scope.FindVisibleAsync(user, id, cancellationToken);

    public async Task<Outcome<PrescriptionView>> GetAsync(CurrentUser user, Guid id, CancellationToken cancellationToken)
    {
        var prescription = await FindVisibleAsync(user, id, cancellationToken);
        if (prescription is null)
        {
            // Whose it is, if it exists: the attempt shows in that person's access log.
            var subject = await db.Prescriptions.Where(p => p.Id == id).Select(p => (Guid?)p.ParticipantId).FirstOrDefaultAsync(cancellationToken);
            await audit.DeniedAsync(user, $"Prescription/{id}", AuditAction.Read, subject, cancellationToken);
            return Failure.NotFound();
        }

        audit.Add(user, $"Prescription/{id}", AuditAction.Read, AuditOutcome.Success, prescription.ParticipantId);
        await db.SaveChangesAsync(cancellationToken);
        return (await reader.ViewAsync(prescription, cancellationToken)).For(user);
    }

    public async Task<Outcome<Page<PrescriptionSummary>>> ListAsync(CurrentUser user, PrescriptionStatus? status, Guid? participantId, PageRequest paging, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!paging.Validate(errors))
        {
            return Failure.Invalid(errors);
        }

        var query = (await scope.VisibleToAsync(user, cancellationToken)).AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(p => p.Status == s);
        }

        if (participantId is { } pid)
        {
            query = query.Where(p => p.ParticipantId == pid);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(p => p.CreatedAt)
            .ThenBy(p => p.Id)
            .Skip(paging.Skip)
            .Take(paging.PageSize)
            .Join(db.People, p => p.ParticipantId, person => person.Id, (p, person) => new PrescriptionSummary(
                p.Id, p.Status, p.ParticipantId, person.GivenName + " " + person.FamilyName, p.ReasonText, p.StartDate,
                p.DurationWeeks, p.Funding, p.ProviderId, p.CreatedAt, p.IssuedAt, null))
            .ToListAsync(cancellationToken);
        rows = await WithAttendanceAsync(rows, cancellationToken);

        foreach (var subject in rows.Select(r => r.ParticipantId).Distinct())
        {
            audit.Add(user, "Prescription?search", AuditAction.Search, AuditOutcome.Success, subject);
        }

        if (rows.Count == 0)
        {
            audit.Add(user, "Prescription?search", AuditAction.Search, AuditOutcome.Success);
        }

        await db.SaveChangesAsync(cancellationToken);
        return paging.Of(rows, total);
    }

    /// <summary>Each row's last computed adherence, in one more round trip for the whole page.</summary>
    private async Task<List<PrescriptionSummary>> WithAttendanceAsync(List<PrescriptionSummary> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return rows;
        }

        var ids = rows.Select(r => r.Id).ToList();
        var snapshots = await db.AdherenceSnapshots.AsNoTracking().Where(s => ids.Contains(s.PrescriptionId))
            .Select(s => new { s.PrescriptionId, s.AttendedSessions, s.PrescribedToDate, s.LastAttendedAt })
            .ToDictionaryAsync(s => s.PrescriptionId, cancellationToken);
        return [.. rows.Select(r => snapshots.TryGetValue(r.Id, out var s)
            ? r with { Attendance = new ListAttendance(s.AttendedSessions, s.PrescribedToDate, Domain.Adherence.AdherenceReport.RateOf(s.AttendedSessions, s.PrescribedToDate), s.LastAttendedAt) }
            : r)];
    }
}
