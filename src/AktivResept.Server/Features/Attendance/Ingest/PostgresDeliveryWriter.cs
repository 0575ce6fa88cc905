using AktivResept.Server.Common.Audit;
using AktivResept.Server.Features.Integrations;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Server.Features.Attendance.Ingest;

/// <summary>
/// The PostgreSQL side of <see cref="AttendanceStore"/>: a delivery in two round trips and the commit, whatever its
/// size, since ingestion is CPU-bound and every statement costs a parse, a plan and a socket exchange on both sides.
/// Rows go as arrays through <c>unnest</c>, one statement per table.
/// </summary>
public static class PostgresDeliveryWriter
{
    /// <summary>
    /// The receipt and the attendance in one batch. Returns the event ids actually inserted, or null when the receipt
    /// already existed (a replay): the attendance statement then inserted nothing new and the caller rolls back.
    /// </summary>
    public static async Task<HashSet<string>?> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, VerifiedDelivery delivery, List<AttendanceRecord> rows, DateTimeOffset now, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, tx);
        var receipt = new NpgsqlBatchCommand(
            """INSERT INTO "WebhookReceipts" ("IntegrationId", "WebhookId", "ReceivedAt", "Response") VALUES (@i, @w, @now, '') ON CONFLICT DO NOTHING""");
        receipt.Parameters.AddWithValue("i", delivery.IntegrationId);
        receipt.Parameters.AddWithValue("w", delivery.WebhookId);
        receipt.Parameters.AddWithValue("now", now);
        batch.BatchCommands.Add(receipt);
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(AttendanceInsert(delivery, rows, now));
        }

        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            do
            {
                while (await reader.ReadAsync(ct))
                {
                    stored.Add(reader.GetString(0));
                }
            }
            while (await reader.NextResultAsync(ct));
        }

        return receipt.RecordsAffected == 0 ? null : stored;
    }

    /// <summary>
    /// The delivery's one audit record, naming every participant it touched, and the receipt's response. No adherence
    /// mark: the adherence job finds new attendance from the rows themselves (<c>AttendanceWatermarkPass</c>).
    /// </summary>
    public static async Task FinishAsync(NpgsqlConnection connection, NpgsqlTransaction tx, AuditRecord deliveryAudit, VerifiedDelivery delivery, string json, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, tx);
        var audit = new NpgsqlBatchCommand(
            """
            INSERT INTO "AuditRecords" ("At", "Actor", "Role", "SubjectPersonIds", "Resource", "Action", "Purpose", "Outcome", "CorrelationId")
            VALUES (@at, @actor, @role, @subjects, @resource, @action, @purpose, @outcome, @correlation)
            """);
        audit.Parameters.AddWithValue("at", deliveryAudit.At);
        audit.Parameters.AddWithValue("actor", deliveryAudit.Actor);
        audit.Parameters.AddWithValue("role", deliveryAudit.Role);
        audit.Parameters.AddWithValue("resource", deliveryAudit.Resource);
        audit.Parameters.AddWithValue("action", deliveryAudit.Action);
        audit.Parameters.AddWithValue("purpose", deliveryAudit.Purpose);
        audit.Parameters.AddWithValue("outcome", deliveryAudit.Outcome.ToString());
        audit.Parameters.AddWithValue("correlation", deliveryAudit.CorrelationId);
        audit.Parameters.Add(new NpgsqlParameter("subjects", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = (object?)deliveryAudit.SubjectPersonIds ?? DBNull.Value });
        batch.BatchCommands.Add(audit);

        var response = new NpgsqlBatchCommand("""UPDATE "WebhookReceipts" SET "Response" = @json WHERE "IntegrationId" = @i AND "WebhookId" = @w""");
        response.Parameters.AddWithValue("json", json);
        response.Parameters.AddWithValue("i", delivery.IntegrationId);
        response.Parameters.AddWithValue("w", delivery.WebhookId);
        batch.BatchCommands.Add(response);

        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The delivery's events in one statement: each event id claims its key first (<see cref="AttendanceEventKey"/>,
    /// not partitioned, so one key whatever month the event falls in), and only the events whose key was new become
    /// rows. A concurrent delivery of the same event waits on the key, then inserts nothing.
    /// </summary>
    private static NpgsqlBatchCommand AttendanceInsert(VerifiedDelivery delivery, List<AttendanceRecord> rows, DateTimeOffset now)
    {
        var insert = new NpgsqlBatchCommand(
            """
            WITH u AS (
                SELECT * FROM unnest(@id, @ext, @kind, @at, @loc, @member, @participant, @prescription, @minutes, @state, @note)
                    AS u(id, ext, kind, at, loc, member, participant, prescription, minutes, state, note)
            ), keyed AS (
                INSERT INTO "AttendanceEventKeys" ("SourceId", "ExternalId", "AttendanceRecordId")
                SELECT @source, u.ext, u.id FROM u
                ON CONFLICT ("SourceId", "ExternalId") DO NOTHING
                RETURNING "AttendanceRecordId"
            )
            INSERT INTO "AttendanceRecords" ("Id", "ProviderId", "Source", "SourceId", "ExternalId", "Kind", "OccurredAt", "LocationId", "MemberRef",
                "ParticipantId", "PrescriptionId", "DurationMinutes", "ReceivedAt", "Reconciliation", "ReconciliationNote")
            SELECT u.id, @provider, 'Webhook', @source, u.ext, u.kind, u.at, u.loc, u.member, u.participant, u.prescription, u.minutes, @now, u.state, u.note
            FROM u JOIN keyed k ON k."AttendanceRecordId" = u.id
            RETURNING "ExternalId"
            """);
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
        return insert;
    }
}
