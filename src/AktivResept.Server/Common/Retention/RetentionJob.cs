using AktivResept.Domain.Audit;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Retention;

/// <summary>What one retention pass removed or emptied, per category.</summary>
public sealed record RetentionRun(int Outbox, int Deliveries, int DeliveryAttempts, int WebhookReceipts, int Inbox, int UnmatchedAttendance, int DialogmeldingContent, int AuditMonths = 0, int AttendanceMonths = 0);

/// <summary>
/// Deletes or anonymises what is past its time (<see cref="RetentionOptions"/>), one set-based statement per category,
/// each in its own transaction with one audit row that says what and how many (no subject: the rows are gone). Safe in
/// every instance at once: a row two instances both delete is deleted once. Rows still in use are never touched —
/// unsent messages, pending deliveries, attendance a prescription counted. The audit log goes only as whole closed
/// months past <see cref="RetentionOptions.AuditMonths"/>, their partitions detached and dropped as the owner role,
/// which the app's database role cannot do (<see cref="AuditPartitions"/>; docs/security.md "Retention"); so does
/// attendance past <see cref="RetentionOptions.AttendanceMonths"/>, with its event keys (<see cref="AttendancePartitions"/>).
/// </summary>
public sealed class RetentionJob(AktivDbContext db, AuditLog audit, AuditPartitions auditPartitions, AttendancePartitions attendancePartitions, TimeProvider clock, IOptions<RetentionOptions> options, IOptions<AttendanceOptions> attendance) : IPeriodicJob
{
    private static readonly Actor System = new("system:retention", "system");

    public async Task RunOnceAsync(CancellationToken ct) => await RunAsync(ct);

    public async Task<RetentionRun> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        var correlation = Guid.CreateVersion7().ToString();

        var outboxBefore = now.AddDays(-o.OutboxDays);
        var outbox = await InTransactionAsync("outbox", correlation, () => db.OutboxMessages
            .Where(m => (m.SentAt != null && m.SentAt < outboxBefore) || (m.DeadAt != null && m.DeadAt < outboxBefore))
            .ExecuteDeleteAsync(ct), ct);

        var deliveriesBefore = now.AddDays(-o.DeliveriesDays);
        var finished = db.Deliveries.Where(d => d.Status != DeliveryStatus.Pending && d.CreatedAt < deliveriesBefore);
        var attempts = 0;
        var deliveries = await InTransactionAsync("deliveries", correlation, async () =>
        {
            attempts = await db.DeliveryAttempts.Where(a => finished.Select(d => d.Id).Contains(a.DeliveryId)).ExecuteDeleteAsync(ct);
            return await finished.ExecuteDeleteAsync(ct);
        }, ct);

        var receiptsBefore = now.AddDays(-attendance.Value.WebhookIdRetentionDays);
        var receipts = await InTransactionAsync("webhook-receipts", correlation, () => db.WebhookReceipts
            .Where(r => r.ReceivedAt < receiptsBefore).ExecuteDeleteAsync(ct), ct);

        var inboxBefore = now.AddDays(-o.InboxDays);
        var inbox = await InTransactionAsync("inbox", correlation, () => db.InboxMessages
            .Where(m => m.CreatedAt < inboxBefore).ExecuteDeleteAsync(ct), ct);

        var unmatchedBefore = now.AddDays(-o.UnmatchedAttendanceDays);
        var unmatchedRows = db.AttendanceRecords.Where(a => a.PrescriptionId == null
            && (a.Reconciliation == ReconciliationState.Pending || a.Reconciliation == ReconciliationState.Dismissed)
            && (a.ResolvedAt ?? a.ReceivedAt) < unmatchedBefore);
        var unmatched = await InTransactionAsync("unmatched-attendance", correlation, async () =>
        {
            // An event id is kept exactly as long as its row (AttendanceEventKey), found through the key's own index.
            await db.AttendanceEventKeys
                .Where(k => unmatchedRows.Any(a => a.SourceId == k.SourceId && a.ExternalId == k.ExternalId && a.Id == k.AttendanceRecordId))
                .ExecuteDeleteAsync(ct);
            return await unmatchedRows.ExecuteDeleteAsync(ct);
        }, ct);

        var contentBefore = now.AddDays(-o.DialogmeldingContentDays);
        var content = await InTransactionAsync("dialogmelding-content", correlation, () => db.DialogmeldingMessages
            .Where(m => m.XmlCipher != null && m.SentAt != null && m.SentAt < contentBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.XmlCipher, (byte[]?)null), ct), ct);

        var auditMonths = 0;
        var closed = await db.AuditMonthSeals.AsNoTracking().Where(m => m.DroppedAt == null).Select(m => m.Month).OrderBy(m => m).ToListAsync(ct);
        foreach (var month in closed.Where(m => AuditMonth.IsPastRetention(m, now, o.AuditMonths)))
        {
            if (await auditPartitions.DropClosedMonthAsync(month, correlation, ct) is not null)
            {
                auditMonths++;
            }
        }

        var attendanceMonths = o.AttendanceMonths > 0
            ? await attendancePartitions.DropPastRetentionAsync(now, o.AttendanceMonths, correlation, ct)
            : 0;

        return new RetentionRun(outbox, deliveries, attempts, receipts, inbox, unmatched, content, auditMonths, attendanceMonths);
    }

    /// <summary>Runs one category's statement(s) with its audit row in one transaction; nothing is audited when nothing went.</summary>
    private async Task<int> InTransactionAsync(string category, string correlation, Func<Task<int>> apply, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var count = await apply();
        if (count > 0)
        {
            audit.Add(System, $"Retention/{category}/{count}", "delete", AuditOutcome.Success, null, correlation);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return count;
    }
}
