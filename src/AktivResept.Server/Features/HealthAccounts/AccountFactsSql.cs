using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.HealthAccounts;
using Npgsql;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>
/// <see cref="AccountFacts"/> on PostgreSQL, reduced in the database so that a scope of 200,000 participants ships a
/// few rows per prescription instead of every attendance record and claim line (docs/benchmarks.md, health account):
/// <list type="bullet">
/// <item>attendance: per prescription one array of instants, the earliest attended event of each Oslo day. It mirrors
/// <see cref="CountableSession"/>: the kinds that count are the rule's own (<see cref="CountableSession.CountsForAdherence"/>,
/// passed as a parameter), and a day counts at most <see cref="CountableSession.MaxPerDay"/> (= 1) session, so one fact
/// per day gives the adherence rules the same sessions on every range of days and the same first attended instant,
/// as of any instant (the day's earliest event is the one an instant cut through the day sees first). The integration
/// test <c>AccountCohortLoaderTests</c> compares the result with the rows folded by the Domain rules;</item>
/// <item>approved claim lines: summed per prescription and payer kind (the calculator sums costs by payer only; the
/// day kept is the latest service day);</item>
/// <item>acceptance, pauses and current measurements: only the columns the account needs.</item>
/// </list>
/// </summary>
internal static class AccountFactsSql
{
    /// <summary>The attendance kinds that count for adherence, from the rule itself.</summary>
    private static readonly string[] CountingKinds =
        [.. Enum.GetValues<AttendanceKind>().Where(CountableSession.CountsForAdherence).Select(k => k.ToString())];

    private const string Accepted =
        """
        SELECT DISTINCT "PrescriptionId" FROM "StatusChanges"
        WHERE "PrescriptionId" = ANY($1) AND "To" = 'Accepted' AND "At" <= $2
        """;

    private const string Pauses =
        """
        SELECT "PrescriptionId", "FirstDay", "LastDay" FROM "PrescriptionPauses" WHERE "PrescriptionId" = ANY($1)
        """;

    private const string AttendanceDays =
        """
        SELECT d."PrescriptionId", array_agg(d."FirstAt" ORDER BY d."FirstAt")
        FROM (
            SELECT "PrescriptionId", min("OccurredAt") AS "FirstAt" FROM "AttendanceRecords"
            WHERE "PrescriptionId" = ANY($1) AND "OccurredAt" <= $2 AND "Reconciliation" IN ('Matched', 'Linked') AND "Kind" = ANY($3)
            GROUP BY "PrescriptionId", ("OccurredAt" AT TIME ZONE 'Europe/Oslo')::date
        ) d
        GROUP BY d."PrescriptionId"
        """;

    private const string Measurements =
        """
        SELECT "PrescriptionId", "Instrument", "Timepoint", "Score", "EffectiveAt" FROM "OutcomeMeasurements"
        WHERE "PrescriptionId" = ANY($1) AND "SupersededAt" IS NULL AND "Timepoint" IS NOT NULL
        """;

    private const string ClaimCosts =
        """
        SELECT l."PrescriptionId", py."Kind", sum(l."PublicShare"), sum(l."Copay"), sum(l."CoFinancing"), max(l."ServiceDate")
        FROM "ClaimLines" l JOIN "Claims" c ON c."Id" = l."ClaimId" JOIN "Payers" py ON py."Id" = c."PayerId"
        WHERE l."PrescriptionId" = ANY($1) AND l."Status" = 'Approved'
        GROUP BY l."PrescriptionId", py."Kind"
        """;

    /// <summary>The facts of a chunk of prescriptions in one round trip (five statements in one batch).</summary>
    public static async Task ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] chunk, DateTimeOffset now, AccountFacts into, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(Accepted, chunk, now),
                Command(Pauses, chunk),
                Command(AttendanceDays, chunk, now, CountingKinds),
                Command(Measurements, chunk),
                Command(ClaimCosts, chunk),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            into.Accepted.Add(reader.GetGuid(0));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            into.AddPause(reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var days = reader.GetFieldValue<DateTime[]>(1);
            var facts = new List<AttendanceFact>(days.Length);
            foreach (var at in days)
            {
                // Only the instant matters to the rules once the kind has counted; a check-in stands for "attended".
                facts.Add(new AttendanceFact(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)), AttendanceKind.CheckIn));
            }

            into.Attendance[reader.GetGuid(0)] = facts;
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            AccountFacts.ListOf(into.Measurements, reader.GetGuid(0)).Add(new AccountMeasurement(
                reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), OsloCalendar.DateOf(reader.GetFieldValue<DateTimeOffset>(4))));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            into.AddClaimCosts(reader.GetGuid(0), Enum.Parse<PayerKind>(reader.GetString(1)), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4),
                reader.GetFieldValue<DateOnly>(5));
        }
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
