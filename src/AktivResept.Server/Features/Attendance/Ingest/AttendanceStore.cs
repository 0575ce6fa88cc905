using System.Text.Json;
using System.Text.Json.Serialization;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Integrations;
using AktivResept.Server.Features.Integrations.Signing;
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
/// Stores a delivery's receipt, its attendance, the dirty marks for adherence and the audit rows in one transaction,
/// so a 2xx is only ever sent for a committed batch. The receipt goes first: a concurrent replay of the same
/// webhook-id waits on its key and then answers with this delivery's response. Events are inserted with
/// <c>ON CONFLICT DO NOTHING</c> on (source, event id), so the same event in another delivery is stored once.
/// On PostgreSQL the rows go as arrays through <c>unnest</c> (three round trips per batch); the embedded SQLite mode
/// (one process) uses EF.
/// </summary>
public sealed class AttendanceStore(AktivDbContext db)
{
    public static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task<StoreOutcome> StoreAsync(VerifiedDelivery delivery, List<(int Index, AttendanceRecord Record)> records, EventResult?[] results, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        HashSet<string>? stored = db.Database.IsNpgsql()
            ? await InsertWithPostgresAsync(transaction, delivery, records, now, ct)
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
        await FinishAsync(delivery, storedRecords, json, now, ct);
        await transaction.CommitAsync(ct);
        return new StoredBatch(result, json);
    }

    /// <summary>
    /// Writes one audit row per participant and the receipt's response, then marks adherence dirty. The marks go last:
    /// they lock snapshot rows that concurrent deliveries for the same prescriptions also mark, so the lock is held
    /// only until the commit right after, not through the audit insert (measured: see docs/benchmarks.md).
    /// </summary>
    private async Task FinishAsync(VerifiedDelivery delivery, List<AttendanceRecord> stored, string json, DateTimeOffset now, CancellationToken ct)
    {
        var prescriptions = stored.Where(r => r.PrescriptionId is not null).Select(r => r.PrescriptionId!.Value).Distinct().Order().ToArray();
        var subjects = stored.Where(r => r.ParticipantId is not null).Select(r => r.ParticipantId!.Value).Distinct().ToArray();
        var audit = subjects.Select(s => Audit(delivery, s, now)).Append(Audit(delivery, null, now)).ToList();
        db.AuditRecords.AddRange(audit);
        await db.WebhookReceipts.Where(r => r.IntegrationId == delivery.IntegrationId && r.WebhookId == delivery.WebhookId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Response, json), ct);
        await db.SaveChangesAsync(ct);
        await AdherenceDirtyMarks.MarkAsync(db, prescriptions, ct);

        // SQLite marks through tracked entities; on PostgreSQL nothing is tracked any more and this makes no round trip.
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private async Task<HashSet<string>?> InsertWithPostgresAsync(IDbContextTransaction transaction, VerifiedDelivery delivery, List<(int Index, AttendanceRecord Record)> records, DateTimeOffset now, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)transaction.GetDbTransaction();
        await using (var receipt = new NpgsqlCommand(
            """INSERT INTO "WebhookReceipts" ("IntegrationId", "WebhookId", "ReceivedAt", "Response") VALUES (@i, @w, @now, '') ON CONFLICT DO NOTHING""", connection, tx))
        {
            receipt.Parameters.AddWithValue("i", delivery.IntegrationId);
            receipt.Parameters.AddWithValue("w", delivery.WebhookId);
            receipt.Parameters.AddWithValue("now", now);
            if (await receipt.ExecuteNonQueryAsync(ct) == 0)
            {
                return null;
            }
        }

        var stored = new HashSet<string>(StringComparer.Ordinal);
        if (records.Count == 0)
        {
            return stored;
        }

        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO "AttendanceRecords" ("Id", "ProviderId", "Source", "SourceId", "ExternalId", "Kind", "OccurredAt", "LocationId", "MemberRef",
                "ParticipantId", "PrescriptionId", "DurationMinutes", "ReceivedAt", "Reconciliation", "ReconciliationNote")
            SELECT u.id, @provider, 'Webhook', @source, u.ext, u.kind, u.at, u.loc, u.member, u.participant, u.prescription, u.minutes, @now, u.state, u.note
            FROM unnest(@id, @ext, @kind, @at, @loc, @member, @participant, @prescription, @minutes, @state, @note)
                AS u(id, ext, kind, at, loc, member, participant, prescription, minutes, state, note)
            ON CONFLICT ("SourceId", "ExternalId") DO NOTHING
            RETURNING "ExternalId"
            """, connection, tx);
        var rows = records.Select(r => r.Record).ToList();
        insert.Parameters.AddWithValue("provider", delivery.ProviderId);
        insert.Parameters.AddWithValue("source", delivery.IntegrationId);
        insert.Parameters.AddWithValue("now", now);
        insert.Parameters.AddWithValue("id", rows.Select(r => r.Id).ToArray());
        insert.Parameters.AddWithValue("ext", rows.Select(r => r.ExternalId).ToArray());
        insert.Parameters.AddWithValue("kind", rows.Select(r => r.Kind.ToString()).ToArray());
        insert.Parameters.AddWithValue("at", rows.Select(r => r.OccurredAt).ToArray());
        insert.Parameters.AddWithValue("loc", rows.Select(r => r.LocationId).ToArray());
        insert.Parameters.AddWithValue("member", rows.Select(r => r.MemberRef).ToArray());
        insert.Parameters.AddWithValue("participant", rows.Select(r => r.ParticipantId).ToArray());
        insert.Parameters.AddWithValue("prescription", rows.Select(r => r.PrescriptionId).ToArray());
        insert.Parameters.AddWithValue("minutes", rows.Select(r => r.DurationMinutes).ToArray());
        insert.Parameters.AddWithValue("state", rows.Select(r => r.Reconciliation.ToString()).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("note", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.ReconciliationNote).ToArray() });
        await using var reader = await insert.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stored.Add(reader.GetString(0));
        }

        return stored;
    }

    private async Task<HashSet<string>?> InsertWithEfAsync(VerifiedDelivery delivery, List<(int Index, AttendanceRecord Record)> records, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.WebhookReceipts.AnyAsync(r => r.IntegrationId == delivery.IntegrationId && r.WebhookId == delivery.WebhookId, ct))
        {
            return null;
        }

        var ids = records.Select(r => r.Record.ExternalId).ToList();
        var existing = (await db.AttendanceRecords.Where(a => a.SourceId == delivery.IntegrationId && ids.Contains(a.ExternalId)).Select(a => a.ExternalId).ToListAsync(ct)).ToHashSet();
        var fresh = records.Select(r => r.Record).Where(r => !existing.Contains(r.ExternalId)).ToList();
        db.AttendanceRecords.AddRange(fresh);
        db.WebhookReceipts.Add(new WebhookReceipt { IntegrationId = delivery.IntegrationId, WebhookId = delivery.WebhookId, ReceivedAt = now });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return fresh.Select(r => r.ExternalId).ToHashSet(StringComparer.Ordinal);
    }

    private static AuditRecord Audit(VerifiedDelivery delivery, Guid? subject, DateTimeOffset now) => new()
    {
        At = now,
        Actor = $"integration:{delivery.IntegrationId}",
        Role = "integration",
        SubjectPersonId = subject,
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
}
