using AktivResept.Server.Data;
using Npgsql;

namespace AktivResept.Server.Common.Audit;

/// <summary>
/// Audit rows written without the change tracker on PostgreSQL, as one INSERT of arrays: the batched reads' rows
/// (<see cref="AuditWriter"/>) and a write path's own (the bookings of a batch), in one place.
/// </summary>
public static class AuditRecordInsert
{
    private const string Columns =
        "\"At\",\"Actor\",\"Role\",\"Organisation\",\"SubjectPersonId\",\"Resource\",\"Action\",\"Purpose\",\"Outcome\",\"CorrelationId\",\"ActorName\",\"ActorHpr\",\"Category\"";

    private const string RowsSql = $"""
        INSERT INTO "AuditRecords" ({Columns})
        SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[],
            $10::text[], $11::text[], $12::text[], $13::text[])
        """;

    /// <summary>Several rows as one statement of a batch: a batch of reads' rows, or a write path's rows committed together.</summary>
    public static NpgsqlBatchCommand Rows(List<AuditRecord> records)
    {
        if (records.Exists(r => r.SubjectPersonIds is not null))
        {
            throw new ArgumentException("A row with several subjects is written through the change tracker or the audit writer.", nameof(records));
        }

        return new NpgsqlBatchCommand(RowsSql)
        {
            Parameters =
            {
                ArrayParameter.Of(records, r => r.At),
                ArrayParameter.Of(records, r => r.Actor),
                ArrayParameter.Of(records, r => r.Role),
                ArrayParameter.Of(records, r => r.Organisation),
                ArrayParameter.Of(records, r => r.SubjectPersonId),
                ArrayParameter.Of(records, r => r.Resource),
                ArrayParameter.Of(records, r => r.Action),
                ArrayParameter.Of(records, r => r.Purpose),
                ArrayParameter.Of(records, r => r.Outcome.ToString()),
                ArrayParameter.Of(records, r => r.CorrelationId),
                ArrayParameter.Of(records, r => r.ActorName),
                ArrayParameter.Of(records, r => r.ActorHpr),
                ArrayParameter.Of(records, r => r.Category),
            },
        };
    }
}
