using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Prescriptions.Expiry;

/// <summary>
/// Expires issued prescriptions nobody accepted in time, returning them to the referrer. Safe with several app
/// instances: each expiry is a conditional update (status still Issued, version unchanged), so exactly one instance
/// wins a given prescription and only the winner writes the status change and audit row, in the same transaction.
/// </summary>
public sealed class ExpiryJob(AktivDbContext db, TimeProvider clock, IOptions<PrescriptionOptions> options, ILogger<ExpiryJob> logger)
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var deadline = now.AddDays(-options.Value.AcceptanceDeadlineDays);
        var due = await db.Prescriptions.AsNoTracking()
            .Where(p => p.Status == PrescriptionStatus.Issued && p.IssuedAt <= deadline)
            .OrderBy(p => p.IssuedAt)
            .Select(p => new { p.Id, p.Version, p.ParticipantId })
            .Take(500)
            .ToListAsync(ct);

        var expired = 0;
        foreach (var candidate in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var won = await db.Prescriptions
                .Where(p => p.Id == candidate.Id && p.Status == PrescriptionStatus.Issued && p.Version == candidate.Version)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PrescriptionStatus.Expired).SetProperty(p => p.Version, candidate.Version + 1), ct);
            if (won == 0)
            {
                continue;
            }

            var reason = $"Not accepted within {options.Value.AcceptanceDeadlineDays} days.";
            db.StatusChanges.Add(new StatusChange(candidate.Id, PrescriptionStatus.Issued, PrescriptionStatus.Expired, Actor.System.Id, Actor.System.Role, now, reason));
            db.AuditRecords.Add(new AuditRecord
            {
                At = now,
                Actor = Actor.System.Id,
                Role = Actor.System.Role,
                SubjectPersonId = candidate.ParticipantId,
                Resource = $"Prescription/{candidate.Id}",
                Action = $"{AuditAction.Update}:expire",
                Purpose = "system",
                Outcome = AuditOutcome.Success,
                CorrelationId = $"expiry-{now:yyyyMMddHHmmss}",
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            expired++;
        }

        if (expired > 0)
        {
            logger.LogInformation("Expired {Count} unanswered prescriptions", expired);
        }

        return expired;
    }
}
