using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Prescriptions.Expiry;

/// <summary>
/// Expires issued prescriptions nobody accepted in time, returning them to the referrer. Safe with several app
/// instances: the move goes through <see cref="SystemTransitions"/>, a conditional update per batch (status and version
/// as read), so exactly one instance wins a given prescription and only the winner records it.
/// </summary>
public sealed class ExpiryJob(AktivDbContext db, SystemTransitions transitions, TimeProvider clock, IOptions<PrescriptionOptions> options, ILogger<ExpiryJob> logger) : IPeriodicJob
{
    public const int BatchSize = 500;

    Task IPeriodicJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var days = options.Value.AcceptanceDeadlineDays;
        var reason = $"Not accepted within {days} days.";
        var expired = 0;
        while (true)
        {
            // Which prescriptions are due is this job's rule (the acceptance deadline runs from issuing); whether they
            // may expire is the lifecycle's, asked by SystemTransitions.
            var deadline = clock.GetUtcNow().AddDays(-days);
            var due = await db.Prescriptions.AsNoTracking()
                .Where(p => p.Status == PrescriptionStatus.Issued && p.IssuedAt <= deadline)
                .OrderBy(p => p.IssuedAt)
                .Take(BatchSize)
                .Select(p => new SystemMove(p.Id, p.Status, p.Version, reason))
                .ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }

            var moved = (await transitions.MoveAsync(PrescriptionStatus.Expired, due, "expiry", ct)).Moved.Count;
            db.ChangeTracker.Clear();
            expired += moved;
            if (due.Count < BatchSize || moved == 0)
            {
                break;
            }
        }

        if (expired > 0)
        {
            logger.LogInformation("Expired {Count} unanswered prescriptions", expired);
        }

        return expired;
    }
}
