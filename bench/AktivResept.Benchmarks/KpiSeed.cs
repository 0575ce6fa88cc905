using System.Globalization;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>What <see cref="KpiSeed"/> wrote, counted from the tables afterwards.</summary>
public sealed record KpiVolume(int Municipalities, int Providers, long Prescriptions, long StatusChanges, long AttendanceRows, long TrainerSessions, DateOnly From, DateOnly Today);

/// <summary>
/// Three years of municipality-funded courses across the country, in SQL on the server (<c>generate_series</c>): per
/// municipality a payer and <c>providers</c> gyms (one location, one certified trainer and a door system each);
/// participants living in the municipality, each with one prescription sent to one of its gyms, answered (1 in 40
/// declined), with the status history the app would have written (Draft, Issued, Accepted/Rejected, Active, then
/// Completed, DroppedOut or Expired as the adherence job moves them) and the attendance: per attended session a door
/// check-in and the class (1 in 6 a PT session registered by the trainer), 3 a week over the plan with a per-participant
/// habit (60–98 % attended), drop-outs stopping after 2–9 weeks, 1 in 20 never starting. Starts are spread so the
/// courses fill the three years up to today. Deterministic: ids are md5 of the row's name.
/// </summary>
public static class KpiSeed
{
    public static async Task<KpiVolume> SeedAsync(NpgsqlDataSource dataSource, int municipalities, int providersPer, int prescriptions, int weeks, int perWeek, DateOnly today)
    {
        var from = today.AddYears(-3);
        var values = new Dictionary<string, object>
        {
            ["municipalities"] = municipalities,
            ["providers"] = providersPer,
            ["weeks"] = weeks,
            ["perWeek"] = perWeek,
            ["from"] = from,
            ["today"] = today,
        };
        await ExecuteAsync(dataSource, Fill(Parties, values));
        const int chunk = 2_000;
        for (var first = 1; first <= prescriptions; first += chunk)
        {
            values["first"] = first;
            values["last"] = Math.Min(prescriptions, first + chunk - 1);
            await ExecuteAsync(dataSource, Fill(Courses, values));
            await ExecuteAsync(dataSource, Fill(Attendance, values));
            var last = (int)values["last"];
            Console.Error.Write($"\rseeded {last:N0} of {prescriptions:N0} courses");
        }

        Console.Error.WriteLine();
        await AttendanceEventKeysSeed.AddAsync(dataSource);
        foreach (var sql in new[] { "DROP TABLE IF EXISTS kpi_bench_course", """VACUUM ANALYZE "Prescriptions", "StatusChanges", "AttendanceRecords", "People" """, "CHECKPOINT" })
        {
            await ExecuteAsync(dataSource, sql);
        }

        return await CountAsync(dataSource, municipalities, providersPer, today);
    }

    /// <summary>What an earlier run seeded (a kept database measured again with --reuse), counted from the tables.</summary>
    public static async Task<KpiVolume> CountAsync(NpgsqlDataSource dataSource, int municipalities, int providersPer, DateOnly today)
    {
        var from = today.AddYears(-3);
        return new KpiVolume(
            municipalities, municipalities * providersPer,
            await ScalarAsync(dataSource, """SELECT count(*) FROM "Prescriptions" WHERE "ReasonCode" = 'KPI'"""),
            await ScalarAsync(dataSource, """SELECT count(*) FROM "StatusChanges" WHERE "Actor" LIKE 'kpi-%'"""),
            await ScalarAsync(dataSource, """SELECT count(*) FROM "AttendanceRecords" WHERE "ExternalId" LIKE 'k%'"""),
            await ScalarAsync(dataSource, """SELECT count(*) FROM "AttendanceRecords" WHERE "ExternalId" LIKE 'k%' AND "Source" = 'Trainer'"""),
            from, today);
    }

    /// <summary>Payers get valid organisation numbers (mod-11 control digit): a coordinator's token names one. Kommunenummer 1001.. (no real one is in that range in the demo).</summary>
    private const string Parties =
        """
        INSERT INTO "Municipalities" ("Kommunenummer", "Name", "CentreLatitude", "CentreLongitude")
        SELECT (1000 + m)::text, 'Benchkommune ' || m, 58 + m % 12, 5 + m % 20 FROM generate_series(1, {municipalities}) m;
        INSERT INTO "Payers" ("Id", "Kind", "Name", "OrganisationNumber", "Kommunenummer", "AccountIban", "Bic")
        SELECT md5('kpi-payer-' || m)::uuid, 'Municipality', 'Benchkommune ' || m, org, (1000 + m)::text, 'NO8415030000118', 'DNBANOKK'
        FROM (
            SELECT n::text || c AS org, row_number() OVER (ORDER BY n) AS m
            FROM (
                SELECT n, (11 - (substr(n::text, 1, 1)::int * 3 + substr(n::text, 2, 1)::int * 2 + substr(n::text, 3, 1)::int * 7 + substr(n::text, 4, 1)::int * 6
                    + substr(n::text, 5, 1)::int * 5 + substr(n::text, 6, 1)::int * 4 + substr(n::text, 7, 1)::int * 3 + substr(n::text, 8, 1)::int * 2) % 11) % 11 AS c
                FROM generate_series(92000001, 92000000 + {municipalities} * 2) n) candidates
            WHERE c < 10) numbered
        WHERE m <= {municipalities};
        INSERT INTO "Providers" ("Id", "OrganisationNumber", "Name", "AccountNumber")
        SELECT md5('kpi-provider-' || m || '-' || k)::uuid, '7' || lpad((m * 10 + k)::text, 8, '0'), 'Bench Trening ' || m || '-' || k || ' AS', '15030000118'
        FROM generate_series(1, {municipalities}) m, generate_series(1, {providers}) k;
        INSERT INTO "Locations" ("Id", "ProviderId", "Name", "Address", "Kommunenummer", "Latitude", "Longitude", "OpeningHours", "AccessibilityFeatures", "Capacity")
        SELECT md5('kpi-location-' || m || '-' || k)::uuid, md5('kpi-provider-' || m || '-' || k)::uuid, 'Bench Trening ' || m || '-' || k, 'Storgata ' || k,
            (1000 + m)::text, 58 + m % 12, 5 + m % 20, 'Mo-Fr 06:00-22:00; Sa-Su 08:00-18:00', ARRAY[0, 1], 500
        FROM generate_series(1, {municipalities}) m, generate_series(1, {providers}) k;
        INSERT INTO "Trainers" ("Id", "Name", "NationalIdHash")
        SELECT md5('kpi-trainer-' || m || '-' || k)::uuid, 'Trener ' || m || '-' || k, '' FROM generate_series(1, {municipalities}) m, generate_series(1, {providers}) k;
        INSERT INTO "TrainerCertifications" ("Id", "TrainerId", "Kind", "Issuer", "ValidFrom", "ValidTo")
        SELECT md5('kpi-cert-' || m || '-' || k)::uuid, md5('kpi-trainer-' || m || '-' || k)::uuid, 'PersonalTrainer', 'Norges Treningssenterforbund',
            {today} - 2000, CASE WHEN (m + k) % 10 = 0 THEN {today} - 400 ELSE {today} + 400 END
        FROM generate_series(1, {municipalities}) m, generate_series(1, {providers}) k;
        INSERT INTO "GymIntegrations" ("Id", "ProviderId", "Name", "CreatedAt", "Enabled")
        SELECT md5('kpi-door-' || m || '-' || k)::uuid, md5('kpi-provider-' || m || '-' || k)::uuid, 'Adgang', now(), TRUE
        FROM generate_series(1, {municipalities}) m, generate_series(1, {providers}) k;
        """;

    /// <summary>
    /// Courses {first}..{last}: course i lives in municipality 1 + (i − 1) mod M and trains at one of its gyms. The course
    /// table names each course's facts once; prescriptions, people and status history are written from it.
    /// </summary>
    private const string Courses =
        """
        DROP TABLE IF EXISTS kpi_bench_course;
        CREATE UNLOGGED TABLE kpi_bench_course AS
        SELECT i, m, k, id, person, provider, location, trainer, door, start, weeks, sent, answered, declined, habit, fate, stop_week,
            (start + weeks * 7 - 1) AS plan_end
        FROM (
            SELECT i, m, k,
                md5('kpi-rx-' || i)::uuid AS id, md5('kpi-person-' || i)::uuid AS person,
                md5('kpi-provider-' || m || '-' || k)::uuid AS provider, md5('kpi-location-' || m || '-' || k)::uuid AS location,
                md5('kpi-trainer-' || m || '-' || k)::uuid AS trainer, md5('kpi-door-' || m || '-' || k)::uuid AS door,
                {from} + ((i::bigint * 7919) % ({today} - {from} - 14))::int AS start, {weeks} AS weeks,
                (({from} + ((i::bigint * 7919) % ({today} - {from} - 14))::int - 10 - i % 12)::timestamp + interval '10 hours') AT TIME ZONE 'Europe/Oslo' AS sent,
                (({from} + ((i::bigint * 7919) % ({today} - {from} - 14))::int - 10 - i % 12 + i % 9)::timestamp + interval '14 hours') AT TIME ZONE 'Europe/Oslo' AS answered,
                i % 40 = 7 AS declined, 60 + (i * 37) % 39 AS habit,
                CASE WHEN i % 20 = 3 THEN 'never' WHEN i % 20 IN (5, 11, 17) THEN 'drops' ELSE 'stays' END AS fate,
                2 + i % 8 AS stop_week
            FROM (SELECT i, 1 + (i - 1) % {municipalities} AS m, 1 + ((i - 1) / {municipalities}) % {providers} AS k FROM generate_series({first}, {last}) i) c
        ) x;

        INSERT INTO "People" ("Id", "NationalIdCipher", "NationalIdHash", "GivenName", "FamilyName", "BirthDate", "Kommunenummer", "AccessibilityNeeds")
        SELECT person, '\x00'::bytea, 'kpi-' || i, 'Deltaker', 'Nr ' || i, date '1960-01-01' + i % 14000, (1000 + m)::text, ARRAY[]::integer[] FROM kpi_bench_course;

        INSERT INTO "Prescriptions" ("Id", "ParticipantId", "ReferrerId", "ProviderId", "LocationId", "TrainerId", "Status", "ReasonCode", "ReasonText", "Goals",
            "ActivityTypes", "SessionsPerWeek", "MinutesPerSession", "StartDate", "DurationWeeks", "ConfirmationIntervalWeeks", "Funding",
            "CreatedAt", "IssuedAt", "SentAt", "Version")
        SELECT id, person, (SELECT "Id" FROM "Referrers" ORDER BY "Id" LIMIT 1), provider, location, CASE WHEN declined THEN NULL ELSE trainer END,
            CASE WHEN declined THEN 'Rejected'
                 WHEN fate = 'never' THEN CASE WHEN start + 28 <= {today} THEN 'Expired' ELSE 'Accepted' END
                 WHEN fate = 'drops' AND start + stop_week * 7 + 28 <= LEAST({today}, plan_end) THEN 'DroppedOut'
                 WHEN plan_end < {today} THEN 'Completed'
                 ELSE 'Active' END,
            'KPI', 'Fysisk inaktivitet', 'Trene jevnlig', ARRAY[0, 2], {perWeek}, 60, start, weeks, 4, 'Municipality', sent - interval '1 hour', sent - interval '1 hour', sent, 5
        FROM kpi_bench_course c;

        INSERT INTO "StatusChanges" ("Id", "PrescriptionId", "From", "To", "Actor", "ActorRole", "At", "Reason")
        SELECT md5('kpi-sc-' || c.i || '-' || s.n)::uuid, c.id, s.f, s.t, s.actor, s.role, s.at, NULL
        FROM kpi_bench_course c
        JOIN "Prescriptions" p ON p."Id" = c.id
        CROSS JOIN LATERAL (VALUES
            (1, NULL, 'Draft', 'kpi-referrer', 'referrer', c.sent - interval '1 hour'),
            (2, 'Draft', 'Issued', 'kpi-referrer', 'referrer', c.sent - interval '1 hour'),
            (3, 'Issued', CASE WHEN c.declined THEN 'Rejected' ELSE 'Accepted' END, 'kpi-gym', 'provider-admin', c.answered),
            (4, 'Accepted', CASE WHEN c.fate = 'never' THEN 'Expired' ELSE 'Active' END, 'kpi-system', 'system',
                CASE WHEN c.fate = 'never' THEN (c.start + 28)::timestamp AT TIME ZONE 'Europe/Oslo' ELSE (c.start::timestamp + interval '17 hours') AT TIME ZONE 'Europe/Oslo' END),
            (5, 'Active', p."Status", 'kpi-system', 'system',
                CASE WHEN p."Status" = 'DroppedOut' THEN (c.start + c.stop_week * 7 + 28)::timestamp AT TIME ZONE 'Europe/Oslo' ELSE (c.plan_end + 1)::timestamp AT TIME ZONE 'Europe/Oslo' END)
        ) AS s(n, f, t, actor, role, at)
        WHERE (s.n <= 3)
           OR (s.n = 4 AND NOT c.declined AND p."Status" <> 'Accepted')
           OR (s.n = 5 AND p."Status" IN ('DroppedOut', 'Completed'));
        """;

    /// <summary>Per attended session (spread over the plan week): the door check-in at 17:00 and the class at 17:10, or a PT session registered by the trainer.</summary>
    private const string Attendance =
        """
        INSERT INTO "AttendanceRecords" ("Id", "ProviderId", "Source", "SourceId", "ExternalId", "Kind", "OccurredAt", "LocationId", "MemberRef",
            "ParticipantId", "PrescriptionId", "TrainerId", "DurationMinutes", "ReceivedAt", "Reconciliation")
        SELECT gen_random_uuid(), c.provider, CASE WHEN e.kind = 'PtSession' THEN 'Trainer' ELSE 'Webhook' END,
            CASE WHEN e.kind = 'PtSession' THEN c.trainer ELSE c.door END,
            'k' || c.i || '-' || w || '-' || s || '-' || e.n, e.kind, e.at, c.location, 'm' || c.i, c.person, c.id,
            CASE WHEN e.kind = 'PtSession' THEN c.trainer END, 60, e.at + interval '2 minutes', 'Matched'
        FROM kpi_bench_course c
        CROSS JOIN LATERAL generate_series(0, CASE WHEN c.declined OR c.fate = 'never' THEN -1 WHEN c.fate = 'drops' THEN LEAST(c.stop_week, c.weeks) - 1 ELSE c.weeks - 1 END) w
        CROSS JOIN LATERAL generate_series(0, {perWeek} - 1) s
        CROSS JOIN LATERAL (VALUES
            (1, 'CheckIn', ((c.start + w * 7 + (s * 7) / {perWeek})::timestamp + interval '17 hours') AT TIME ZONE 'Europe/Oslo'),
            (2, CASE WHEN (c.i + w + s) % 6 = 0 THEN 'PtSession' ELSE 'ClassAttendance' END, ((c.start + w * 7 + (s * 7) / {perWeek})::timestamp + interval '17 hours 10 minutes') AT TIME ZONE 'Europe/Oslo')
        ) AS e(n, kind, at)
        WHERE c.i BETWEEN {first} AND {last}
          AND (c.i * 31 + w * 7 + s * 3) % 100 < c.habit
          AND e.at <= now();
        """;

    /// <summary>Our own numbers and dates written into the SQL: the scripts are several statements, which positional parameters cannot span.</summary>
    private static string Fill(string sql, Dictionary<string, object> values)
    {
        foreach (var (name, value) in values)
        {
            sql = sql.Replace($"{{{name}}}", value is DateOnly day ? $"date '{day:yyyy-MM-dd}'" : Convert.ToString(value, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return sql;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
