using System.Diagnostics;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>The figures the raw SQL reference and the app's account share, for comparison.</summary>
public sealed record HealthAccountFigures(
    IReadOnlyDictionary<string, long> Funnel,
    IReadOnlyDictionary<string, decimal> ClaimsByPayer,
    IReadOnlyDictionary<(string Instrument, string Timepoint), (long Analysed, double MeanChange)> Changes);

/// <summary>
/// The health account's shared figures for one municipality and period as three plain aggregations on the same
/// database: the funnel (referred in the period, accepted, started = a matched or linked attendance on a day of the
/// plan, completed), approved claim costs by payer (public share to the claim's payer, copay, co-financing), and the
/// complete-case mean paired change (timepoint minus baseline) per instrument and timepoint from current measurements.
/// No pauses are seeded, so the plan's end is its start plus the prescribed weeks.
/// </summary>
public static class HealthAccountRawReference
{
    public static async Task<(TimeSpan Time, HealthAccountFigures Figures)> RunAsync(NpgsqlDataSource dataSource, string kommunenummer, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync();
        const string Cohort =
            """
            CREATE TEMP TABLE IF NOT EXISTS ha_ref_rx AS SELECT p."Id", p."Status", p."StartDate", p."DurationWeeks" FROM "Prescriptions" p WITH NO DATA;
            TRUNCATE ha_ref_rx;
            INSERT INTO ha_ref_rx SELECT p."Id", p."Status", p."StartDate", p."DurationWeeks"
            FROM "Prescriptions" p JOIN "People" pe ON pe."Id" = p."ParticipantId"
            WHERE pe."Kommunenummer" = @k AND p."IssuedAt" >= @start AND p."IssuedAt" < @end;
            ANALYZE ha_ref_rx;
            """;
        await using (var cohort = new NpgsqlCommand(Cohort, connection))
        {
            cohort.Parameters.AddWithValue("k", kommunenummer);
            cohort.Parameters.AddWithValue("start", start);
            cohort.Parameters.AddWithValue("end", end);
            await cohort.ExecuteNonQueryAsync();
        }

        var funnel = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            """
            SELECT count(*),
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "StatusChanges" s WHERE s."PrescriptionId" = r."Id" AND s."To" = 'Accepted' AND s."At" <= @now)),
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "AttendanceRecords" a WHERE a."PrescriptionId" = r."Id" AND a."OccurredAt" <= @now
                    AND a."Reconciliation" IN ('Matched', 'Linked')
                    AND (a."OccurredAt" AT TIME ZONE 'Europe/Oslo')::date BETWEEN r."StartDate" AND r."StartDate" + r."DurationWeeks" * 7 - 1)),
                count(*) FILTER (WHERE r."Status" = 'Completed')
            FROM ha_ref_rx r
            """, connection))
        {
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            funnel["referred"] = reader.GetInt64(0);
            funnel["accepted"] = reader.GetInt64(1);
            funnel["started"] = reader.GetInt64(2);
            funnel["completed"] = reader.GetInt64(3);
        }

        var costs = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            """
            SELECT payer."Kind", sum(l."PublicShare"), sum(l."Copay"), sum(l."CoFinancing")
            FROM ha_ref_rx r
            JOIN "ClaimLines" l ON l."PrescriptionId" = r."Id" AND l."Status" = 'Approved'
            JOIN "Claims" c ON c."Id" = l."ClaimId"
            JOIN "Payers" payer ON payer."Id" = c."PayerId"
            GROUP BY payer."Kind"
            """, connection))
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var payer = reader.GetString(0);
                Add(costs, payer, reader.GetDecimal(1));
                Add(costs, "Copay", reader.GetDecimal(2));
                Add(costs, "PrivateCoFinancing", reader.GetDecimal(3));
            }
        }

        var changes = new Dictionary<(string, string), (long, double)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT t."Instrument", t."Timepoint", count(*), avg(t."Score" - b."Score")::float8
            FROM ha_ref_rx r
            JOIN "OutcomeMeasurements" b ON b."PrescriptionId" = r."Id" AND b."SupersededAt" IS NULL AND b."Timepoint" = 'baseline'
            JOIN "OutcomeMeasurements" t ON t."PrescriptionId" = r."Id" AND t."SupersededAt" IS NULL AND t."Instrument" = b."Instrument" AND t."Timepoint" <> 'baseline'
            GROUP BY t."Instrument", t."Timepoint"
            """, connection))
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                changes[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt64(2), reader.GetDouble(3));
            }
        }

        return (clock.Elapsed, new HealthAccountFigures(funnel, costs, changes));
    }

    private static void Add(Dictionary<string, decimal> into, string key, decimal amount)
    {
        if (amount != 0)
        {
            into[key] = into.GetValueOrDefault(key) + amount;
        }
    }
}
