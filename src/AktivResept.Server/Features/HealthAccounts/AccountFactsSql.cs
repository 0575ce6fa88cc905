using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.HealthAccounts;
using Npgsql;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>
/// <see cref="AccountFacts"/> on PostgreSQL with plain data readers (no EF materialisation), one batch per chunk, the
/// claim lines reduced in the database (docs/benchmarks.md, health account):
/// <list type="bullet">
/// <item>attendance: the instants of the rows that count (matched or linked, not after now, of the kinds
/// <see cref="CountableSession.CountsForAdherence"/> lets count, passed as a parameter), nothing else: folding them by
/// Oslo day is <see cref="AttendanceDays"/>' own work. An earlier version grouped them by Oslo day in SQL; measured, the
/// time-zone conversion, grouping and sorting cost PostgreSQL four times the plain index scan (docs/benchmarks.md),
/// and the app folds the days anyway. The integration test <c>AccountCohortLoaderTests</c> compares the result with
/// the rows read through EF and folded by the same Domain rules;</item>
/// <item>approved claim lines: summed per prescription and payer kind (the calculator sums costs by payer only; the
/// day kept is the latest service day);</item>
/// <item>acceptance, pauses, current measurements and the persons' registry benefit periods: only the columns the account needs.</item>
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

    private const string Attendance =
        """
        SELECT "PrescriptionId", "OccurredAt" FROM "AttendanceRecords"
        WHERE "PrescriptionId" = ANY($1) AND "OccurredAt" <= $2 AND "Reconciliation" IN ('Matched', 'Linked') AND "Kind" = ANY($3)
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

    private const string Benefits =
        """
        SELECT "NationalIdHash", "Kind", "From", "To" FROM "BenefitPeriods" WHERE "NationalIdHash" = ANY($1)
        """;

    /// <summary>
    /// The facts of a chunk of prescriptions, and the benefit periods of their persons (by national id hash), in one
    /// round trip (six statements in one batch).
    /// </summary>
    public static async Task ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] chunk, string[] nationalIdHashes, DateTimeOffset now, AccountFacts into, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(Accepted, chunk, now),
                Command(Pauses, chunk),
                Command(Attendance, chunk, now, CountingKinds),
                Command(Measurements, chunk),
                Command(ClaimCosts, chunk),
                Command(Benefits, (object)nationalIdHashes),
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
            // Only the instant matters to the rules once the kind has counted (AccountFacts.AttendanceOf).
            AccountFacts.ListOf(into.CountedAt, reader.GetGuid(0)).Add(reader.GetFieldValue<DateTimeOffset>(1));
        }

        await reader.NextResultAsync(ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            // A handful of instrument and timepoint names over millions of rows: each kept once.
            AccountFacts.ListOf(into.Measurements, reader.GetGuid(0)).Add(new AccountMeasurement(
                Shared(names, reader.GetString(1)), Shared(names, reader.GetString(2)), reader.GetDecimal(3), OsloCalendar.DateOf(reader.GetFieldValue<DateTimeOffset>(4))));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            into.AddClaimCosts(reader.GetGuid(0), Enum.Parse<PayerKind>(reader.GetString(1)), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4),
                reader.GetFieldValue<DateOnly>(5));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            into.AddBenefit(reader.GetString(0), new BenefitPeriod(
                Enum.Parse<BenefitKind>(reader.GetString(1)), reader.GetFieldValue<DateOnly>(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3)));
        }
    }

    private static string Shared(Dictionary<string, string> names, string name) =>
        names.TryGetValue(name, out var shared) ? shared : names[name] = name;

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
