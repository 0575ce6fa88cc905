using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Benchmarks;

/// <summary>
/// The physical floor for ingestion: the rows the endpoint stores, written into the same tables (same indexes) with
/// binary <c>COPY</c> — the attendance rows and their event-id keys (<c>AttendanceEventKeys</c>), two COPYs and one
/// durable commit per delivery's worth of rows — and nothing else: no HTTP, signature, JSON, linking, receipt, dirty
/// marks or audit.
/// </summary>
public sealed class AttendanceCopyReference(NpgsqlDataSource dataSource, BenchGym gym, Guid sourceId)
{
    private const string Copy =
        """
        COPY "AttendanceRecords" ("Id", "ProviderId", "Source", "SourceId", "ExternalId", "Kind", "OccurredAt", "LocationId", "MemberRef",
            "ParticipantId", "PrescriptionId", "DurationMinutes", "ReceivedAt", "Reconciliation") FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyKeys = """COPY "AttendanceEventKeys" ("SourceId", "ExternalId", "AttendanceRecordId") FROM STDIN (FORMAT BINARY)""";

    public async Task<bool> CopyAsync(IEnumerable<BenchEvent> events)
    {
        var now = DateTimeOffset.UtcNow;
        var rows = events.Select(e => (Id: Guid.CreateVersion7(), Event: e)).ToList();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var keys = await connection.BeginBinaryImportAsync(CopyKeys))
        {
            foreach (var (id, e) in rows)
            {
                await keys.StartRowAsync();
                await keys.WriteAsync(sourceId, NpgsqlDbType.Uuid);
                await keys.WriteAsync(e.Id, NpgsqlDbType.Varchar);
                await keys.WriteAsync(id, NpgsqlDbType.Uuid);
            }

            await keys.CompleteAsync();
        }

        bool copied;
        await using (var writer = await connection.BeginBinaryImportAsync(Copy))
        {
            foreach (var (id, e) in rows)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(gym.ProviderId, NpgsqlDbType.Uuid);
                await writer.WriteAsync("Webhook", NpgsqlDbType.Varchar);
                await writer.WriteAsync(sourceId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(e.Id, NpgsqlDbType.Varchar);
                await writer.WriteAsync(e.Kind.ToString(), NpgsqlDbType.Varchar);
                await writer.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(gym.LocationId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(e.MemberRef, NpgsqlDbType.Varchar);
                await writer.WriteAsync(e.ParticipantId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(e.PrescriptionId, NpgsqlDbType.Uuid);
                if (e.DurationMinutes is { } minutes)
                {
                    await writer.WriteAsync(minutes, NpgsqlDbType.Integer);
                }
                else
                {
                    await writer.WriteNullAsync();
                }

                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("Matched", NpgsqlDbType.Varchar);
            }

            copied = await writer.CompleteAsync() > 0;
        }

        await transaction.CommitAsync();
        return copied;
    }
}
