using AktivResept.Server.Features.Demo;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>The demo gym (Aktiv Trening Oslo) and one of its locations: where the seeded participants train.</summary>
public sealed record BenchGym(Guid ProviderId, Guid LocationId);

/// <summary>
/// Volume seeding in SQL, server side (<c>generate_series</c>): participants accepted at the gym with their member
/// links, and for the adherence run their weeks of attendance. What the app would have written through
/// issue → send → accept, without paying for 200,000 HTTP round trips before the measurement. Member <c>m{i}</c> is
/// participant <c>md5('bench-participant-{i}')</c> with prescription <c>md5('bench-rx-{i}')</c>.
/// </summary>
public static class AttendanceSeed
{
    public static async Task<BenchGym> GymAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT p."Id", l."Id" FROM "Providers" p JOIN "Locations" l ON l."ProviderId" = p."Id"
            WHERE p."OrganisationNumber" = $1 ORDER BY l."Name" LIMIT 1
            """);
        command.Parameters.AddWithValue(DemoIdentities.AktivTreningOsloOrg);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new BenchGym(reader.GetGuid(0), reader.GetGuid(1));
    }

    /// <summary>Prescriptions 1..<paramref name="count"/> in <paramref name="status"/> at the gym, each with its member link.</summary>
    public static async Task PrescriptionsAsync(NpgsqlDataSource dataSource, BenchGym gym, int count, string status, DateOnly start, int durationWeeks)
    {
        const int chunk = 50_000;
        for (var from = 1; from <= count; from += chunk)
        {
            var to = Math.Min(count, from + chunk - 1);
            await using var batch = dataSource.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO "Prescriptions" ("Id", "ParticipantId", "ReferrerId", "ProviderId", "LocationId", "Status", "ReasonCode", "ReasonText", "Goals",
                    "ActivityTypes", "SessionsPerWeek", "MinutesPerSession", "StartDate", "DurationWeeks", "ConfirmationIntervalWeeks", "Funding",
                    "CreatedAt", "IssuedAt", "SentAt", "Version")
                SELECT md5('bench-rx-' || i)::uuid, md5('bench-participant-' || i)::uuid, (SELECT "Id" FROM "Referrers" ORDER BY "Id" LIMIT 1), $1, $2, $3,
                    'L84', 'Ryggsmerter', 'Styrke rygg og mage', ARRAY[0, 1], 2, 60, $4, $5, 4, 'SelfPaid', now(), now(), now(), 3
                FROM generate_series($6::int, $7::int) i
                """)
            {
                Parameters = { new() { Value = gym.ProviderId }, new() { Value = gym.LocationId }, new() { Value = status }, new() { Value = start }, new() { Value = durationWeeks }, new() { Value = from }, new() { Value = to } },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO "MemberLinks" ("ProviderId", "MemberRef", "ParticipantId", "IsIssuedToken", "LinkedAt")
                SELECT $1, 'm' || i, md5('bench-participant-' || i)::uuid, FALSE, now() FROM generate_series($2::int, $3::int) i
                """)
            {
                Parameters = { new() { Value = gym.ProviderId }, new() { Value = from }, new() { Value = to } },
            });
            await batch.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Per prescription and week, 2 or 3 matched check-ins (alternating), on weekdays from <paramref name="start"/>, as
    /// the gym system would have delivered them; plus a snapshot per prescription marked dirty, with the periodic
    /// reports already sent up to <paramref name="reportedThrough"/> (a steady state, not a first run).
    /// </summary>
    public static async Task AttendanceWeeksAsync(NpgsqlDataSource dataSource, BenchGym gym, Guid sourceId, int count, DateOnly start, int weeks, DateOnly reportedThrough)
    {
        const int chunk = 20_000;
        for (var from = 1; from <= count; from += chunk)
        {
            var to = Math.Min(count, from + chunk - 1);
            await using var insert = dataSource.CreateCommand(
                """
                INSERT INTO "AttendanceRecords" ("Id", "ProviderId", "Source", "SourceId", "ExternalId", "Kind", "OccurredAt", "LocationId", "MemberRef",
                    "ParticipantId", "PrescriptionId", "DurationMinutes", "ReceivedAt", "Reconciliation")
                SELECT gen_random_uuid(), $1, 'Webhook', $2, i || '-' || w || '-' || k, 'CheckIn',
                    (($3::date + w * 7 + k * 2 + i % 2)::timestamp + interval '17 hours') AT TIME ZONE 'Europe/Oslo', $4, 'm' || i,
                    md5('bench-participant-' || i)::uuid, md5('bench-rx-' || i)::uuid, 60, now(), 'Matched'
                FROM generate_series($5::int, $6::int) i, generate_series(0, $7::int - 1) w, generate_series(0, 2) k
                WHERE k < 2 + (i + w) % 2
                """);
            insert.Parameters.AddWithValue(gym.ProviderId);
            insert.Parameters.AddWithValue(sourceId);
            insert.Parameters.AddWithValue(start);
            insert.Parameters.AddWithValue(gym.LocationId);
            insert.Parameters.AddWithValue(from);
            insert.Parameters.AddWithValue(to);
            insert.Parameters.AddWithValue(weeks);
            insert.CommandTimeout = 600;
            await insert.ExecuteNonQueryAsync();
            Console.Error.Write($"\rseeded attendance for {to:N0} prescriptions");
        }

        Console.Error.WriteLine();
        await AttendanceEventKeysSeed.AddAsync(dataSource);
        await using var snapshots = dataSource.CreateCommand(
            """
            INSERT INTO "AdherenceSnapshots" ("PrescriptionId", "AttendedSessions", "PrescribedToDate", "Verdict", "Dirty", "ComputedAt", "LastReportThrough")
            SELECT md5('bench-rx-' || i)::uuid, 0, 0, 'NotStarted', TRUE, '-infinity', $2 FROM generate_series(1, $1::int) i
            """);
        snapshots.Parameters.AddWithValue(count);
        snapshots.Parameters.AddWithValue(reportedThrough);
        await snapshots.ExecuteNonQueryAsync();

        // The marks above stand for these rows: the job's watermark is past them, as after the pass that marked them.
        await using var watermark = dataSource.CreateCommand(
            """
            INSERT INTO "AdherenceWatermarks" ("Name", "Position") VALUES ('attendance', pg_snapshot_xmin(pg_current_snapshot())::text::bigint)
            ON CONFLICT ("Name") DO UPDATE SET "Position" = EXCLUDED."Position"
            """);
        await watermark.ExecuteNonQueryAsync();
    }

    /// <summary>Statistics and visibility map current, and the dirty pages written, so the measured run is not charged for the seeding.</summary>
    public static async Task SettleAsync(NpgsqlDataSource dataSource)
    {
        foreach (var sql in new[] { """VACUUM ANALYZE "Prescriptions", "MemberLinks", "AttendanceRecords", "AttendanceEventKeys", "AdherenceSnapshots" """, "CHECKPOINT" })
        {
            await using var command = dataSource.CreateCommand(sql);
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }
    }
}
