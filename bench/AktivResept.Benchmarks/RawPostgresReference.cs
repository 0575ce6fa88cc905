using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Benchmarks;

/// <summary>
/// The floor to compare against, measured in the same run on the same database: the rows one prescription create
/// writes (prescription, two status changes, one audit row), inserted with hand-written SQL in one round trip,
/// and the subject search as one indexed SELECT plus the one audit INSERT a read owes, in one round trip and one
/// commit — no HTTP, no auth, no ORM.
/// </summary>
public sealed class RawPostgresReference(NpgsqlDataSource dataSource)
{
    private static readonly int[] TwoActivities = [0, 1];

    public async Task InsertPrescriptionAsync(Guid participantId, Guid referrerId)
    {
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO "Prescriptions" ("Id","ParticipantId","ReferrerId","Status","ReasonCode","ReasonText","Goals","ActivityTypes",
              "SessionsPerWeek","MinutesPerSession","StartDate","DurationWeeks","Precautions","ConfirmationIntervalWeeks","Funding",
              "CreatedAt","IssuedAt","Version")
            VALUES ($1,$2,$3,'Issued','L84','Ryggsmerter','Gå tur',$4,2,60,$5,12,NULL,4,'SelfPaid',$6,$6,1)
            """,
            id, participantId, referrerId, TwoActivities, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7)), now));
        foreach (var (from, to) in new[] { ((string?)null, "Draft"), ("Draft", "Issued") })
        {
            batch.BatchCommands.Add(Command(
                """INSERT INTO "StatusChanges" ("Id","PrescriptionId","From","To","Actor","ActorRole","At") VALUES ($1,$2,$3,$4,'bench','referrer',$5)""",
                Guid.CreateVersion7(), id, from is null ? DBNull.Value : from, to, now));
        }

        batch.BatchCommands.Add(Command(
            """
            INSERT INTO "AuditRecords" ("At","Actor","Role","Organisation","SubjectPersonId","Resource","Action","Purpose","Outcome","CorrelationId")
            VALUES ($1,'bench','referrer','991000100',$2,$3,'create','treatment-follow-up','Success','bench')
            """,
            now, participantId, $"Prescription/{id}"));
        await batch.ExecuteNonQueryAsync();
    }

    public async Task<int> SearchBySubjectAsync(Guid participantId)
    {
        await using var batch = dataSource.CreateBatch();
        var select = new NpgsqlBatchCommand("""SELECT * FROM "Prescriptions" WHERE "ParticipantId" = $1 ORDER BY "CreatedAt" DESC LIMIT 50""");
        select.Parameters.Add(new NpgsqlParameter { Value = participantId, NpgsqlDbType = NpgsqlDbType.Uuid });
        batch.BatchCommands.Add(select);
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO "AuditRecords" ("At","Actor","Role","Organisation","SubjectPersonId","Resource","Action","Purpose","Outcome","CorrelationId")
            VALUES ($1,'bench','referrer','991000100',$2,'ServiceRequest','search','treatment-follow-up','Success','bench')
            """,
            DateTimeOffset.UtcNow, participantId));
        await using var reader = await batch.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return rows;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
