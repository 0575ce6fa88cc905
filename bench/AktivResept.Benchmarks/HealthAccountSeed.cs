using System.Globalization;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>What <see cref="HealthAccountSeed"/> wrote, counted per table afterwards.</summary>
public sealed record HealthAccountVolume(string ScopeKommunenummer, int ScopeParticipants, int OtherParticipants, IReadOnlyList<(string Table, long Rows)> Rows);

/// <summary>
/// Three years of referrals for the health account (issue 16), in SQL on the server (<c>generate_series</c>, no round
/// trip per row): <c>participants</c> persons in one municipality (kommunenummer 1001, the measured scope) and
/// <c>others</c> spread over all 356 bench municipalities (1001..1356), each with one prescription issued on a day in
/// the last three years, its status history (Draft, Issued, Accepted/Rejected, Active, then Completed, DroppedOut or
/// Expired), twice-weekly attendance over a 12-week plan (drop-outs stop after 2–9 weeks, 1 in 20 never start),
/// outcome measurements (30 s sit-to-stand and 6-minute walk at baseline, end and 6 months; some missing), a claim
/// line per attended week with its payer (municipality 6 in 10, state 3 in 10 with a copay and a sickness-benefit
/// period, employer 1 in 10 with co-financing; 1 in 15 refused), on a monthly claim per gym and payer.
/// Deterministic: ids are md5 of the row's name. National ids are synthetic, encrypted with the app's key.
/// </summary>
public static class HealthAccountSeed
{
    public const int Municipalities = 356;
    public const string ScopeKommune = "1001";
    public const int Weeks = 12;
    public const int PerWeek = 2;

    public static async Task<HealthAccountVolume> SeedAsync(NpgsqlDataSource dataSource, int participants, int others, DateOnly today, byte[][] ciphers)
    {
        var values = new Dictionary<string, object>
        {
            ["municipalities"] = Municipalities,
            ["from"] = today.AddYears(-3).AddDays(1),
            ["today"] = today,
            ["weeks"] = Weeks,
            ["perWeek"] = PerWeek,
            ["months"] = 40,
        };
        await ExecuteAsync(dataSource, Fill(Parties, values), null);
        var total = participants + others;
        const int chunk = 5_000;
        for (var first = 1; first <= total; first += chunk)
        {
            values["first"] = first;
            values["last"] = Math.Min(total, first + chunk - 1);
            values["scope"] = participants;
            await ExecuteAsync(dataSource, Fill(Courses, values), ciphers);
            Console.Error.Write($"\rseeded {(int)values["last"]:N0} of {total:N0} participants");
        }

        Console.Error.WriteLine();
        await AttendanceEventKeysSeed.AddAsync(dataSource);
        await ExecuteAsync(dataSource, "DROP TABLE IF EXISTS ha_bench_course", null);
        await ExecuteAsync(dataSource, "VACUUM ANALYZE", null);
        await ExecuteAsync(dataSource, "CHECKPOINT", null);

        return await CountAsync(dataSource, participants, others);
    }

    /// <summary>The row counts of a database seeded earlier (a run reusing a kept database).</summary>
    public static async Task<HealthAccountVolume> CountAsync(NpgsqlDataSource dataSource, int participants = 0, int others = 0)
    {
        var rows = new List<(string, long)>();
        foreach (var table in new[] { "People", "Prescriptions", "StatusChanges", "AttendanceRecords", "OutcomeMeasurements", "Claims", "ClaimLines", "BenefitPeriods", "Payers", "Municipalities" })
        {
            await using var count = dataSource.CreateCommand($"SELECT count(*) FROM \"{table}\"");
            rows.Add((table, (long)(await count.ExecuteScalarAsync())!));
        }

        return new HealthAccountVolume(ScopeKommune, participants, others, rows);
    }

    /// <summary>Per municipality a payer (valid mod-11 organisation number), one gym with a location and a door; one employer payer; monthly claims per gym and payer.</summary>
    private const string Parties =
        """
        INSERT INTO "Municipalities" ("Kommunenummer", "Name", "CentreLatitude", "CentreLongitude")
        SELECT (1000 + m)::text, 'Helsekommune ' || m, 58 + m % 12, 5 + m % 20 FROM generate_series(1, {municipalities}) m;
        INSERT INTO "Payers" ("Id", "Kind", "Name", "OrganisationNumber", "Kommunenummer", "AccountIban", "Bic")
        SELECT CASE WHEN m = 0 THEN md5('ha-employer')::uuid ELSE md5('ha-payer-' || m)::uuid END,
            CASE WHEN m = 0 THEN 'Employer' ELSE 'Municipality' END,
            CASE WHEN m = 0 THEN 'Bench Arbeidsgiver AS' ELSE 'Helsekommune ' || m END, org,
            CASE WHEN m = 0 THEN NULL ELSE (1000 + m)::text END, 'NO8415030000118', 'DNBANOKK'
        FROM (
            SELECT n::text || c AS org, row_number() OVER (ORDER BY n) - 1 AS m
            FROM (
                SELECT n, (11 - (substr(n::text, 1, 1)::int * 3 + substr(n::text, 2, 1)::int * 2 + substr(n::text, 3, 1)::int * 7 + substr(n::text, 4, 1)::int * 6
                    + substr(n::text, 5, 1)::int * 5 + substr(n::text, 6, 1)::int * 4 + substr(n::text, 7, 1)::int * 3 + substr(n::text, 8, 1)::int * 2) % 11) % 11 AS c
                FROM generate_series(93000001, 93000000 + ({municipalities} + 1) * 2) n) candidates
            WHERE c < 10) numbered
        WHERE m <= {municipalities};
        INSERT INTO "Providers" ("Id", "OrganisationNumber", "Name", "AccountNumber")
        SELECT md5('ha-provider-' || m)::uuid, '8' || lpad(m::text, 8, '0'), 'Helse Trening ' || m || ' AS', '15030000118' FROM generate_series(1, {municipalities}) m;
        INSERT INTO "Locations" ("Id", "ProviderId", "Name", "Address", "Kommunenummer", "Latitude", "Longitude", "OpeningHours", "AccessibilityFeatures", "Capacity")
        SELECT md5('ha-location-' || m)::uuid, md5('ha-provider-' || m)::uuid, 'Helse Trening ' || m, 'Storgata 1', (1000 + m)::text, 58 + m % 12, 5 + m % 20,
            'Mo-Fr 06:00-22:00', ARRAY[0, 1], 500
        FROM generate_series(1, {municipalities}) m;
        INSERT INTO "GymIntegrations" ("Id", "ProviderId", "Name", "CreatedAt", "Enabled")
        SELECT md5('ha-door-' || m)::uuid, md5('ha-provider-' || m)::uuid, 'Adgang', now(), TRUE FROM generate_series(1, {municipalities}) m;
        INSERT INTO "Claims" ("Id", "ProviderId", "PayerId", "Month", "Sequence", "Status", "CreatedAt", "UpdatedAt", "SubmittedAt", "DecidedAt", "PaidAt",
            "TotalTariff", "TotalPublicShare", "TotalCopay", "TotalCoFinancing", "ApprovedPublicShare", "PricedLines", "RefusedLines", "Version")
        SELECT md5('ha-claim-' || m || '-' || k || '-' || to_char(month, 'YYYY-MM'))::uuid, md5('ha-provider-' || m)::uuid,
            CASE k WHEN 'state' THEN (SELECT "Id" FROM "Payers" WHERE "Kind" = 'State' ORDER BY "Id" LIMIT 1)
                   WHEN 'employer' THEN md5('ha-employer')::uuid ELSE md5('ha-payer-' || m)::uuid END,
            month, 0, 'Paid', now(), now(), now(), now(), now(), 0, 0, 0, 0, 0, 0, 0, 1
        FROM generate_series(1, {municipalities}) m, unnest(ARRAY['municipality', 'state', 'employer']) k,
            generate_series(date_trunc('month', {from}::timestamp) - interval '1 month', {today}::timestamp, interval '1 month') month;
        """;

    /// <summary>
    /// Participants {first}..{last}: the first {scope} live in the scope municipality, the rest in municipality
    /// 1 + i mod 356. The course table names each one's facts once; every table is written from it.
    /// </summary>
    private const string Courses =
        """
        DROP TABLE IF EXISTS ha_bench_course;
        CREATE UNLOGGED TABLE ha_bench_course AS
        SELECT *, start + {weeks} * 7 - 1 AS plan_end,
            CASE WHEN declined OR fate = 'never' THEN 0 WHEN fate = 'drops' THEN LEAST(stop_week, {weeks}) ELSE {weeks} END AS attended_weeks
        FROM (
            SELECT i, m, md5('ha-rx-' || i)::uuid AS id, md5('ha-person-' || i)::uuid AS person,
                md5('ha-provider-' || m)::uuid AS provider, md5('ha-location-' || m)::uuid AS location, md5('ha-door-' || m)::uuid AS door,
                issued, issued + 10 AS start,
                ((issued - 1)::timestamp + interval '10 hours') AT TIME ZONE 'Europe/Oslo' AS issued_at,
                ((issued + i % 9)::timestamp + interval '14 hours') AT TIME ZONE 'Europe/Oslo' AS answered,
                i % 40 = 7 AS declined,
                CASE WHEN i % 20 = 3 THEN 'never' WHEN i % 20 IN (5, 11, 17) THEN 'drops' ELSE 'stays' END AS fate,
                2 + i % 8 AS stop_week,
                CASE WHEN i % 10 < 6 THEN 'municipality' WHEN i % 10 < 9 THEN 'state' ELSE 'employer' END AS payer
            FROM (
                SELECT i, CASE WHEN i <= {scope} THEN 1 ELSE 1 + i % {municipalities} END AS m,
                    {from} + 1 + ((i::bigint * 7919) % ({today} - {from} - 1))::int AS issued
                FROM generate_series({first}, {last}) i) c
        ) x;

        INSERT INTO "People" ("Id", "NationalIdCipher", "NationalIdHash", "GivenName", "FamilyName", "BirthDate", "Kommunenummer", "AccessibilityNeeds")
        SELECT person, CASE WHEN i % 2 = 0 THEN @c0 ELSE @c1 END, 'ha-' || i, 'Deltaker', 'Nr ' || i, date '1955-01-01' + i % 16000, (1000 + m)::text, ARRAY[]::integer[]
        FROM ha_bench_course;

        INSERT INTO "Prescriptions" ("Id", "ParticipantId", "ReferrerId", "ProviderId", "LocationId", "Status", "ReasonCode", "ReasonText", "Goals",
            "ActivityTypes", "SessionsPerWeek", "MinutesPerSession", "StartDate", "DurationWeeks", "ConfirmationIntervalWeeks", "Funding",
            "CreatedAt", "IssuedAt", "SentAt", "Version")
        SELECT id, person, (SELECT "Id" FROM "Referrers" ORDER BY "Id" LIMIT 1), provider, location,
            CASE WHEN declined THEN 'Rejected'
                 WHEN fate = 'never' THEN CASE WHEN start + 28 <= {today} THEN 'Expired' ELSE 'Accepted' END
                 WHEN start > {today} THEN 'Accepted'
                 WHEN fate = 'drops' AND start + stop_week * 7 + 28 <= LEAST({today}, plan_end) THEN 'DroppedOut'
                 WHEN plan_end < {today} THEN 'Completed'
                 ELSE 'Active' END,
            'HA', 'Fysisk inaktivitet', 'Trene jevnlig', ARRAY[0, 2], {perWeek}, 60, start, {weeks}, 4, 'Municipality',
            issued_at - interval '1 hour', issued_at, issued_at, 5
        FROM ha_bench_course;

        INSERT INTO "StatusChanges" ("Id", "PrescriptionId", "From", "To", "Actor", "ActorRole", "At", "Reason")
        SELECT md5('ha-sc-' || c.i || '-' || s.n)::uuid, c.id, s.f, s.t, 'ha-bench', s.role, s.at, NULL
        FROM ha_bench_course c
        JOIN "Prescriptions" p ON p."Id" = c.id
        CROSS JOIN LATERAL (VALUES
            (1, NULL, 'Draft', 'referrer', c.issued_at - interval '1 hour'),
            (2, 'Draft', 'Issued', 'referrer', c.issued_at),
            (3, 'Issued', CASE WHEN c.declined THEN 'Rejected' ELSE 'Accepted' END, 'provider-admin', c.answered),
            (4, 'Accepted', CASE WHEN c.fate = 'never' THEN 'Expired' ELSE 'Active' END, 'system',
                CASE WHEN c.fate = 'never' THEN (c.start + 28)::timestamp AT TIME ZONE 'Europe/Oslo' ELSE (c.start::timestamp + interval '17 hours') AT TIME ZONE 'Europe/Oslo' END),
            (5, 'Active', p."Status", 'system',
                CASE WHEN p."Status" = 'DroppedOut' THEN (c.start + c.stop_week * 7 + 28)::timestamp AT TIME ZONE 'Europe/Oslo' ELSE (c.plan_end + 1)::timestamp AT TIME ZONE 'Europe/Oslo' END)
        ) AS s(n, f, t, role, at)
        WHERE s.n <= 3
           OR (s.n = 4 AND NOT c.declined AND p."Status" NOT IN ('Accepted', 'Rejected'))
           OR (s.n = 5 AND p."Status" IN ('DroppedOut', 'Completed'));

        INSERT INTO "AttendanceRecords" ("Id", "ProviderId", "Source", "SourceId", "ExternalId", "Kind", "OccurredAt", "LocationId", "MemberRef",
            "ParticipantId", "PrescriptionId", "DurationMinutes", "ReceivedAt", "Reconciliation")
        SELECT md5('ha-att-' || c.i || '-' || w || '-' || s)::uuid, c.provider, 'Webhook', c.door, 'h' || c.i || '-' || w || '-' || s, 'ClassAttendance',
            at, c.location, 'm' || c.i, c.person, c.id, 60, at + interval '2 minutes', 'Matched'
        FROM ha_bench_course c
        CROSS JOIN LATERAL generate_series(0, c.attended_weeks - 1) w
        CROSS JOIN LATERAL generate_series(0, {perWeek} - 1) s
        CROSS JOIN LATERAL (SELECT ((c.start + w * 7 + s * 3)::timestamp + interval '17 hours') AT TIME ZONE 'Europe/Oslo' AS at) t
        WHERE at <= now();

        INSERT INTO "ClaimLines" ("Id", "ClaimId", "SessionId", "PrescriptionId", "ParticipantId", "Kind", "Service", "ServiceDate", "OccurredAt",
            "Tariff", "PublicShare", "Copay", "CoFinancing", "Status", "DecidedAt", "DecidedBy", "Refusals", "Signals")
        SELECT md5('ha-line-' || c.i || '-' || w)::uuid, md5('ha-claim-' || c.m || '-' || c.payer || '-' || to_char(c.start + w * 7, 'YYYY-MM'))::uuid,
            md5('ha-att-' || c.i || '-' || w || '-0')::uuid, c.id, c.person, 'Charge', 'GroupSession', c.start + w * 7,
            ((c.start + w * 7)::timestamp + interval '17 hours') AT TIME ZONE 'Europe/Oslo',
            180.00, CASE c.payer WHEN 'state' THEN 140.00 WHEN 'employer' THEN 135.00 ELSE 180.00 END,
            CASE c.payer WHEN 'state' THEN 40.00 ELSE 0 END, CASE c.payer WHEN 'employer' THEN 45.00 ELSE 0 END,
            CASE WHEN (c.i + w) % 15 = 0 THEN 'Refused' ELSE 'Approved' END, now(), 'ha-bench', ARRAY[]::integer[], ARRAY[]::integer[]
        FROM ha_bench_course c
        CROSS JOIN LATERAL generate_series(0, c.attended_weeks - 1) w
        WHERE c.start + w * 7 < {today};

        INSERT INTO "OutcomeMeasurements" ("Id", "ChainId", "Version", "PrescriptionId", "ParticipantId", "Instrument", "Timepoint", "EffectiveAt", "Values",
            "Score", "RecordedByRole", "RecordedBy", "RecordedAt")
        SELECT d.id, d.id, 1, c.id, c.person, v.inst, v.tp, d.at, '{}', v.score, 'provider-admin', 'ha-bench', d.at
        FROM ha_bench_course c
        CROSS JOIN LATERAL (VALUES
            ('sit-to-stand-30s', 'baseline', c.start, 8 + c.i % 9),
            ('sit-to-stand-30s', 'end', c.plan_end, 8 + c.i % 9 + (c.i % 5) - 1),
            ('sit-to-stand-30s', 'm6', (c.start + interval '6 months')::date, 8 + c.i % 9 + (c.i % 4)),
            ('six-minute-walk', 'baseline', c.start, 380 + c.i % 97),
            ('six-minute-walk', 'end', c.plan_end, 380 + c.i % 97 + (c.i % 41) - 5),
            ('six-minute-walk', 'm6', (c.start + interval '6 months')::date, 380 + c.i % 97 + (c.i % 37) - 10)
        ) AS v(inst, tp, day, score)
        CROSS JOIN LATERAL (SELECT md5('ha-om-' || c.i || '-' || v.inst || '-' || v.tp)::uuid AS id,
            (v.day::timestamp + interval '12 hours') AT TIME ZONE 'Europe/Oslo' AS at) d
        WHERE NOT c.declined AND c.fate <> 'never' AND v.day <= {today}
          AND (v.tp = 'baseline' OR (v.tp = 'end' AND c.fate = 'stays' AND c.i % 3 <> 0) OR (v.tp = 'm6' AND c.i % 4 <> 1));

        INSERT INTO "BenefitPeriods" ("NationalIdHash", "Kind", "From", "To", "Source")
        SELECT 'ha-' || i, 'SicknessBenefit', start - 60, start + 30 + i % 60, 'bench' FROM ha_bench_course WHERE payer = 'state';
        """;

    private static string Fill(string sql, Dictionary<string, object> values)
    {
        foreach (var (name, value) in values)
        {
            var literal = value switch
            {
                DateOnly d => $"date '{d:yyyy-MM-dd}'",
                int n => n.ToString(CultureInfo.InvariantCulture),
                _ => value.ToString()!,
            };
            sql = sql.Replace("{" + name + "}", literal, StringComparison.Ordinal);
        }

        return sql;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, byte[][]? ciphers)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 1800;
        for (var c = 0; c < (ciphers?.Length ?? 0); c++)
        {
            command.Parameters.AddWithValue($"c{c}", ciphers![c]);
        }

        await command.ExecuteNonQueryAsync();
    }
}
