using System.Text.Json;
using System.Text.Json.Serialization;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Integrations;
using AktivResept.Server.Features.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Server.Features.Attendance.Ingest;

/// <summary>What storing a delivery came to: a fresh result, or the stored response of an earlier delivery with the same webhook-id.</summary>
public abstract record StoreOutcome;

public sealed record StoredBatch(BatchResult Result, string Json) : StoreOutcome;

public sealed record ReplayedBatch(string Json) : StoreOutcome;

/// <summary>
/// Stores a delivery's receipt, its attendance and its one audit record (naming every participant it touched) in one transaction,
/// so a 2xx is only ever sent for a committed batch. The receipt goes first: a concurrent replay of the same
/// webhook-id waits on its key and then answers with this delivery's response. Each event's key (source, event id) is
/// inserted with <c>ON CONFLICT DO NOTHING</c> into the non-partitioned <see cref="AttendanceEventKey"/> table, and only
/// events with a new key are stored, so the same event in another delivery is stored once, whatever month it names.
/// On PostgreSQL that is two round trips and the commit (<see cref="PostgresDeliveryWriter"/>); the embedded SQLite
/// mode (one process) uses EF.
/// </summary>
public sealed class AttendanceStore(AktivDbContext db)
{
    public static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task<StoreOutcome> StoreAsync(VerifiedDelivery delivery, List<(int Index, AttendanceRecord Record)> records, EventResult?[] results, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var postgres = db.Database.IsNpgsql() ? new PostgresTransaction((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction()) : null;
        HashSet<string>? stored = postgres is not null
            ? await PostgresDeliveryWriter.InsertAsync(postgres.Connection, postgres.Transaction, delivery, records.ConvertAll(r => r.Record), now, ct)
            : await InsertWithEfAsync(delivery, records, now, ct);
        if (stored is null)
        {
            await transaction.RollbackAsync(ct);
            var response = await db.WebhookReceipts.AsNoTracking()
                .Where(r => r.IntegrationId == delivery.IntegrationId && r.WebhookId == delivery.WebhookId)
                .Select(r => r.Response).FirstAsync(ct);
            return new ReplayedBatch(response);
        }

        foreach (var (index, record) in records)
        {
            results[index] = !stored.Contains(record.ExternalId)
                ? new EventResult(record.ExternalId, EventResult.Duplicate, Reason: "already received")
                : record.Reconciliation == ReconciliationState.Matched
                    ? new EventResult(record.ExternalId, EventResult.Stored, record.Id)
                    : new EventResult(record.ExternalId, EventResult.Queued, record.Id, record.ReconciliationNote);
        }

        var result = Summarise(delivery.WebhookId, results);
        var json = JsonSerializer.Serialize(result, ResponseJson);
        var storedRecords = records.Select(r => r.Record).Where(r => stored.Contains(r.ExternalId)).ToList();
        var subjects = storedRecords.Where(r => r.ParticipantId is not null).Select(r => r.ParticipantId!.Value).Distinct().ToArray();
        // «Aktiv på dagtid»: a check-in pre-fills the register of a session the person is booked on (only fresh events).
        await ProgrammeCheckIns.PrefillAsync(db, storedRecords, now, ct);
        if (postgres is not null)
        {
            await PostgresDeliveryWriter.FinishAsync(postgres.Connection, postgres.Transaction, Audit(delivery, subjects, now), delivery, json, ct);
        }
        else
        {
            await FinishWithEfAsync(delivery, subjects, json, now, ct);
        }

        await transaction.CommitAsync(ct);
        return new StoredBatch(result, json);
    }

    /// <summary>The delivery's one audit record and the receipt's response.</summary>
    private async Task FinishWithEfAsync(VerifiedDelivery delivery, Guid[] subjects, string json, DateTimeOffset now, CancellationToken ct)
    {
        db.AuditRecords.Add(Audit(delivery, subjects, now));
        await db.WebhookReceipts.Where(r => r.IntegrationId == delivery.IntegrationId && r.WebhookId == delivery.WebhookId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Response, json), ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private async Task<HashSet<string>?> InsertWithEfAsync(VerifiedDelivery delivery, List<(int Index, AttendanceRecord Record)> records, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.WebhookReceipts.AnyAsync(r => r.IntegrationId == delivery.IntegrationId && r.WebhookId == delivery.WebhookId, ct))
        {
            return null;
        }

        var ids = records.Select(r => r.Record.ExternalId).ToList();
        var existing = (await db.AttendanceEventKeys.Where(k => k.SourceId == delivery.IntegrationId && ids.Contains(k.ExternalId)).Select(k => k.ExternalId).ToListAsync(ct)).ToHashSet();
        var fresh = records.Select(r => r.Record).Where(r => !existing.Contains(r.ExternalId)).ToList();
        db.AttendanceRecords.AddRange(fresh); // with their event keys (AttendanceEventIds)
        db.WebhookReceipts.Add(new WebhookReceipt { IntegrationId = delivery.IntegrationId, WebhookId = delivery.WebhookId, ReceivedAt = now });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return fresh.Select(r => r.ExternalId).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// One record per delivery naming the participants it touched (issue 19): one row per person was a third of the
    /// write. The access log shows it to each of them, and to nobody else.
    /// </summary>
    private static AuditRecord Audit(VerifiedDelivery delivery, Guid[] subjects, DateTimeOffset now) => new()
    {
        At = now,
        Actor = $"integration:{delivery.IntegrationId}",
        Role = "integration",
        SubjectPersonIds = subjects.Length == 0 ? null : subjects,
        Resource = $"AttendanceDelivery/{Truncate(delivery.WebhookId, 90)}",
        Action = AuditAction.Create,
        Purpose = "attendance",
        Outcome = AuditOutcome.Success,
        CorrelationId = Truncate(delivery.WebhookId, 64),
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static BatchResult Summarise(string webhookId, EventResult?[] results)
    {
        var list = results.Select(r => r!).ToList();
        return new BatchResult(webhookId, list.Count,
            list.Count(r => r.Status == EventResult.Stored),
            list.Count(r => r.Status == EventResult.Duplicate),
            list.Count(r => r.Status == EventResult.Queued),
            list.Count(r => r.Status == EventResult.Rejected),
            list);
    }

    private sealed record PostgresTransaction(NpgsqlConnection Connection, NpgsqlTransaction Transaction);
}
