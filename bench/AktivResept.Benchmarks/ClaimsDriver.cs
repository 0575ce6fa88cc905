using System.Diagnostics;
using System.Globalization;
using System.Text;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Claims.Generation;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Benchmarks;

/// <summary>
/// Claim generation for one month across many providers: <see cref="ClaimGenerator.GenerateAsync"/> for every provider,
/// in-process on the app's own services (one DI scope per provider, <c>--workers</c> at once), then verified by SQL,
/// then again (idempotent regeneration), next to the physical floor measured in the same run: one raw read of the
/// candidate sessions joined to their prescriptions and participants, and one binary COPY of as many claim-line rows
/// into a scratch table shaped like the real one (same indexes).
/// Usage: bench/run.sh claims [--providers 1300] [--prescriptions 80000] [--sessions 1000000] [--workers 2] [--regenerate 1]
/// </summary>
internal static class ClaimsDriver
{
    private static readonly Actor Admin = new("bench-provider-admin", "provider-admin");

    public static async Task RunAsync(string[] args)
    {
        var providers = Args.Int(args, "providers", 1_300);
        var prescriptions = Args.Int(args, "prescriptions", 80_000);
        var sessions = Args.Int(args, "sessions", 1_000_000);
        var workers = Args.Int(args, "workers", 2);
        var regenerate = Args.Int(args, "regenerate", 1) != 0;

        var (connection, database) = await BenchDatabase.CreateAsync();
        // Generation alone: no adherence, fan-out or dispatch workers polling next to it.
        await using var host = new BenchHost(connection, new Dictionary<string, string>(BenchSettings.IngestionOnly)
        {
            ["Notifications:RunFanout"] = "false",
            ["Notifications:RunDispatcher"] = "false",
        });
        await host.StartAsync();
        Console.Error.WriteLine($"App on {host.Address}, database {database}");
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var cpu = await CpuMeter.ForClusterAsync(dataSource);

        // The last full month (Oslo): what a provider would generate at the start of this one.
        var today = OsloCalendar.DateOf(DateTimeOffset.UtcNow);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);

        var seedCpu = cpu.Take();
        var seeding = Stopwatch.StartNew();
        var volume = await ClaimsSeed.SeedAsync(dataSource, month, providers, prescriptions, sessions);
        var seedCopy = seeding.Elapsed;
        await ClaimsSeed.HistoryAsync(dataSource, month);
        await ClaimsSeed.SettleAsync(dataSource);
        var seedTime = seeding.Elapsed;
        var seedUsed = cpu.Take() - seedCpu;
        await Exec(dataSource, """CREATE TABLE bench_providers ("Id" uuid PRIMARY KEY)""");
        await Exec(dataSource, """INSERT INTO bench_providers SELECT unnest($1::uuid[])""", volume.ProviderIds);
        var candidates = await ScalarAsync(dataSource, CandidatesSql, month);
        Console.Error.WriteLine(
            $"Seeded {providers:N0} providers, {volume.Prescriptions:N0} prescriptions, {volume.CandidateSessions:N0} sessions (+{volume.CheckIns:N0} check-ins) " +
            $"in {seedTime.TotalSeconds:N1} s (COPY {seedCopy.TotalSeconds:N1} s); {candidates:N0} candidate sessions by SQL");

        var profiling = await StartStatementProfileAsync(dataSource);
        var first = await GenerateAllAsync(host, dataSource, volume.ProviderIds, month, workers, cpu, "generation");
        if (profiling)
        {
            await PrintStatementProfileAsync(dataSource);
        }

        var firstCheck = await VerifyAsync(dataSource, month, candidates);
        await Exec(dataSource, """CREATE TABLE bench_line_ids AS SELECT "Id" FROM "ClaimLines" WHERE "Kind" = 'Charge' """);
        await Exec(dataSource, "CHECKPOINT");

        if (!regenerate)
        {
            Console.WriteLine($"{first.Time.TotalSeconds:N1} s for {first.Lines:N0} lines; {firstCheck}");
            return;
        }

        var second = await GenerateAllAsync(host, dataSource, volume.ProviderIds, month, workers, cpu, "regeneration");
        var secondCheck = await VerifyAsync(dataSource, month, candidates);
        var keptIds = await ScalarAsync(dataSource, """SELECT count(*) FROM "ClaimLines" l JOIN bench_line_ids b USING ("Id") WHERE l."Kind" = 'Charge' """);
        await Exec(dataSource, "CHECKPOINT");

        var floorCpu = cpu.Take();
        var floor = await ReferenceAsync(dataSource, month);
        var floorUsed = cpu.Take() - floorCpu;

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture,
                $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average before/after generation {first.LoadBefore} / {first.LoadAfter}; month {month:yyyy-MM}, " +
                $"{providers:N0} providers, {volume.Trainers:N0} trainers, {volume.Prescriptions:N0} prescriptions, {candidates:N0} candidate sessions " +
                $"(+{volume.CheckIns:N0} door check-ins), {workers} workers")
            .AppendLine()
            .AppendLine("| phase | rows | seconds | rows/s | CPU s: .NET | PostgreSQL |")
            .AppendLine("|---|---:|---:|---:|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture,
                $"| seed: binary COPY of everything ({seedCopy.TotalSeconds:N1} s) + VACUUM ANALYZE + CHECKPOINT | {volume.CandidateSessions + volume.CheckIns:N0} | {seedTime.TotalSeconds:N1} | | {seedUsed.App.TotalSeconds:N1} | {seedUsed.Postgres.TotalSeconds:N1} |");
        foreach (var (name, run) in new[] { ("generation, every provider (ClaimGenerator.GenerateAsync)", first), ("regeneration, same month again (idempotent)", second) })
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {run.Lines:N0} | **{run.Time.TotalSeconds:N1}** | {run.Lines / run.Time.TotalSeconds:N0} | {run.Cpu.App.TotalSeconds:N1} | {run.Cpu.Postgres.TotalSeconds:N1} |");
        }

        report
            .AppendLine(CultureInfo.InvariantCulture,
                $"| reference: raw read of the candidate sessions ⋈ prescriptions ⋈ people ({floor.Read.TotalSeconds:N2} s) + binary COPY of as many claim lines ({floor.Copy.TotalSeconds:N2} s) | {floor.Rows:N0} | {floor.Total.TotalSeconds:N1} | {floor.Rows / floor.Total.TotalSeconds:N0} | {floorUsed.App.TotalSeconds:N1} | {floorUsed.Postgres.TotalSeconds:N1} |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture,
                $"Generation / reference: {first.Time / floor.Total:N1}× (regeneration {second.Time / floor.Total:N1}×); per 1,000 lines: generation {1000 * first.Cpu.App.TotalMilliseconds / first.Lines:N1} ms .NET + {1000 * first.Cpu.Postgres.TotalMilliseconds / first.Lines:N1} ms PostgreSQL CPU, " +
                $"reference {1000 * floorUsed.App.TotalMilliseconds / floor.Rows:N1} + {1000 * floorUsed.Postgres.TotalMilliseconds / floor.Rows:N1} ms.")
            .AppendLine(CultureInfo.InvariantCulture, $"Claims {first.Claims:N0}; unbilled prescriptions {first.Unbilled:N0}; slowest provider {first.Slowest.TotalMilliseconds:N0} ms (regeneration {second.Slowest.TotalMilliseconds:N0} ms).")
            .AppendLine(CultureInfo.InvariantCulture, $"Checks after generation: {firstCheck}")
            .AppendLine(CultureInfo.InvariantCulture, $"Checks after regeneration: {secondCheck}; charge line ids kept across regeneration: {keptIds:N0} of {second.Lines:N0}");
        Console.WriteLine(report);
    }

    /// <summary>The sessions the generator must put on a line: billable, reconciled, in the month, on a funded prescription.</summary>
    private const string CandidatesSql =
        """
        SELECT count(*) FROM "AttendanceRecords" a JOIN "Prescriptions" p ON p."Id" = a."PrescriptionId"
        WHERE a."ProviderId" IN (SELECT "Id" FROM bench_providers) AND a."ParticipantId" IS NOT NULL
          AND a."OccurredAt" >= $1 AND a."OccurredAt" < $2 AND a."Reconciliation" IN ('Matched', 'Linked')
          AND a."Kind" IN ('PtSession', 'ClassAttendance', 'NoShow') AND p."Funding" <> 'SelfPaid'
        """;

    private sealed record Run(TimeSpan Time, CpuMeter.Sample Cpu, long Lines, int Claims, int Unbilled, TimeSpan Slowest, string LoadBefore, string LoadAfter);

    private static async Task<Run> GenerateAllAsync(BenchHost host, NpgsqlDataSource dataSource, Guid[] providerIds, DateOnly month, int workers, CpuMeter cpu, string name)
    {
        var claims = 0;
        var unbilled = 0;
        var slowest = TimeSpan.Zero;
        var gate = new Lock();
        var loadBefore = Load();
        var before = cpu.Take();
        var time = await Workers.RunCountAsync(providerIds.Length, workers, async i =>
        {
            var clock = Stopwatch.StartNew();
            await using var scope = host.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ClaimGenerator>().GenerateAsync(providerIds[i], month, Admin, CancellationToken.None);
            lock (gate)
            {
                claims += result.ClaimIds.Count;
                unbilled += result.Unbilled.Count;
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            }
        });
        var used = cpu.Take() - before;
        var lines = await ScalarAsync(dataSource, """SELECT count(*) FROM "ClaimLines" l JOIN "Claims" c ON c."Id" = l."ClaimId" JOIN bench_providers b ON b."Id" = c."ProviderId" WHERE l."Kind" = 'Charge' """);
        Console.Error.WriteLine($"{name}: {time.TotalSeconds:N1} s, {lines:N0} lines, CPU .NET {used.App.TotalSeconds:N1} s, PostgreSQL {used.Postgres.TotalSeconds:N1} s");
        return new Run(time, used, lines, claims, unbilled, slowest, loadBefore, Load());
    }

    /// <summary>Lines == candidates, every line's parts add up to its tariff, every claim's totals to its lines, no session twice.</summary>
    private static async Task<string> VerifyAsync(NpgsqlDataSource dataSource, DateOnly month, long candidates)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH lines AS (
                SELECT l.* FROM "ClaimLines" l JOIN "Claims" c ON c."Id" = l."ClaimId" JOIN bench_providers b ON b."Id" = c."ProviderId"
                WHERE l."Kind" = 'Charge' AND c."Month" = $1)
            SELECT
                (SELECT count(*) FROM lines),
                (SELECT count(*) FROM lines WHERE "Status" = 'Priced'),
                (SELECT count(*) FROM lines WHERE "Status" = 'Refused'),
                (SELECT count(*) FROM lines WHERE cardinality("Signals") > 0),
                (SELECT coalesce(sum("Tariff"), 0) FROM lines),
                (SELECT coalesce(sum("PublicShare" + "Copay" + "CoFinancing"), 0) FROM lines),
                (SELECT count(*) FROM lines WHERE "Tariff" <> "PublicShare" + "Copay" + "CoFinancing"),
                (SELECT count(*) FROM (SELECT "SessionId" FROM "ClaimLines" WHERE "Kind" = 'Charge' GROUP BY "SessionId" HAVING count(*) > 1) d),
                (SELECT count(*) FROM "Claims" c JOIN bench_providers b ON b."Id" = c."ProviderId"
                 WHERE c."TotalTariff" <> (SELECT coalesce(sum(l."Tariff"), 0) FROM "ClaimLines" l WHERE l."ClaimId" = c."Id" AND l."Status" <> 'Refused')),
                (SELECT count(*) FROM (SELECT a."Id" FROM "AttendanceRecords" a JOIN bench_providers b ON b."Id" = a."ProviderId"
                   WHERE a."OccurredAt" >= $2 AND a."OccurredAt" < $3 AND a."Kind" IN ('PtSession', 'ClassAttendance', 'NoShow')
                   EXCEPT SELECT "SessionId" FROM lines) m)
            """);
        command.Parameters.AddWithValue(month);
        command.Parameters.AddWithValue(OsloCalendar.StartOf(month));
        command.Parameters.AddWithValue(OsloCalendar.StartOf(month.AddMonths(1)));
        command.CommandTimeout = 600;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var lines = reader.GetInt64(0);
        var tariffs = reader.GetDecimal(4);
        var parts = reader.GetDecimal(5);
        var ok = lines == candidates && tariffs == parts && reader.GetInt64(6) == 0 && reader.GetInt64(7) == 0 && reader.GetInt64(8) == 0 && reader.GetInt64(9) == 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(ok ? "**pass**" : "**FAIL**")}: {lines:N0} charge lines for {candidates:N0} candidate sessions ({reader.GetInt64(1):N0} priced, {reader.GetInt64(2):N0} refused, " +
            $"{reader.GetInt64(3):N0} with signals); sum of tariffs {tariffs:N2} NOK = sum of public share + copay + co-financing {parts:N2}; " +
            $"lines whose parts differ from the tariff {reader.GetInt64(6)}; sessions on two charge lines {reader.GetInt64(7)}; " +
            $"claims whose total differs from their lines {reader.GetInt64(8)}; sessions of the month on no line {reader.GetInt64(9)}");
    }

    private sealed record Floor(TimeSpan Read, TimeSpan Copy, TimeSpan Total, long Rows);

    /// <summary>
    /// The least generation has to move: the candidate rows with what pricing needs from the prescription and person,
    /// read once; and as many claim-line rows written by binary COPY into a table like ClaimLines (same indexes), in
    /// one transaction.
    /// </summary>
    private static async Task<Floor> ReferenceAsync(NpgsqlDataSource dataSource, DateOnly month)
    {
        await Exec(dataSource, """CREATE TABLE bench_claim_lines (LIKE "ClaimLines" INCLUDING ALL)""");
        var claimId = Guid.CreateVersion7();
        var clock = Stopwatch.StartNew();
        var rows = new List<(Guid Session, Guid Prescription, Guid Participant, Guid? Trainer, DateTimeOffset At, string Kind)>(1_100_000);
        await using (var command = dataSource.CreateCommand(
            """
            SELECT a."Id", a."PrescriptionId", a."ParticipantId", coalesce(a."TrainerId", p."TrainerId"), a."OccurredAt", a."Kind",
                   p."Funding", p."StartDate", p."DurationWeeks", p."SessionsPerWeek", p."ProviderId", person."NationalIdHash", person."Kommunenummer"
            FROM "AttendanceRecords" a JOIN "Prescriptions" p ON p."Id" = a."PrescriptionId" JOIN "People" person ON person."Id" = p."ParticipantId"
            WHERE a."ProviderId" IN (SELECT "Id" FROM bench_providers) AND a."ParticipantId" IS NOT NULL
              AND a."OccurredAt" >= $1 AND a."OccurredAt" < $2 AND a."Reconciliation" IN ('Matched', 'Linked')
              AND a."Kind" IN ('PtSession', 'ClassAttendance', 'NoShow') AND p."Funding" <> 'SelfPaid'
            """))
        {
            command.Parameters.AddWithValue(OsloCalendar.StartOf(month));
            command.Parameters.AddWithValue(OsloCalendar.StartOf(month.AddMonths(1)));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5)));
                _ = reader.GetString(6);
                _ = reader.GetFieldValue<DateOnly>(7);
                _ = reader.GetInt32(8);
                _ = reader.GetInt32(9);
                _ = reader.IsDBNull(10) ? (Guid?)null : reader.GetGuid(10);
                _ = reader.GetString(11);
                _ = reader.GetString(12);
            }
        }

        var read = clock.Elapsed;
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var import = await connection.BeginBinaryImportAsync(
                """
                COPY bench_claim_lines ("Id", "ClaimId", "Kind", "SessionId", "PrescriptionId", "ParticipantId", "TrainerId", "ServiceDate",
                    "OccurredAt", "Service", "TariffId", "Tariff", "PublicShare", "Copay", "CoFinancing", "Status", "Refusals", "Signals")
                FROM STDIN (FORMAT BINARY)
                """))
            {
                var tariffId = Guid.CreateVersion7();
                foreach (var row in rows)
                {
                    var pt = row.Kind == "PtSession";
                    import.StartRow();
                    import.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    import.Write(claimId, NpgsqlDbType.Uuid);
                    import.Write("Charge", NpgsqlDbType.Text);
                    import.Write(row.Session, NpgsqlDbType.Uuid);
                    import.Write(row.Prescription, NpgsqlDbType.Uuid);
                    import.Write(row.Participant, NpgsqlDbType.Uuid);
                    if (row.Trainer is { } trainer)
                    {
                        import.Write(trainer, NpgsqlDbType.Uuid);
                    }
                    else
                    {
                        import.WriteNull();
                    }

                    import.Write(OsloCalendar.DateOf(row.At), NpgsqlDbType.Date);
                    import.Write(row.At, NpgsqlDbType.TimestampTz);
                    import.Write(pt ? "PtSession" : "GroupSession", NpgsqlDbType.Text);
                    import.Write(tariffId, NpgsqlDbType.Uuid);
                    import.Write(pt ? 520m : 180m, NpgsqlDbType.Numeric);
                    import.Write(pt ? 480m : 180m, NpgsqlDbType.Numeric);
                    import.Write(pt ? 40m : 0m, NpgsqlDbType.Numeric);
                    import.Write(0m, NpgsqlDbType.Numeric);
                    import.Write("Priced", NpgsqlDbType.Text);
                    import.Write(Array.Empty<int>(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                    import.Write(Array.Empty<int>(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                }

                await import.CompleteAsync();
            }

            await transaction.CommitAsync();
        }

        var total = clock.Elapsed;
        Console.Error.WriteLine($"reference: read {read.TotalSeconds:N2} s, COPY {(total - read).TotalSeconds:N2} s, {rows.Count:N0} rows");
        return new Floor(read, total - read, total, rows.Count);
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static async Task Exec(NpgsqlDataSource dataSource, string sql, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 900;
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql, DateOnly month)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        command.Parameters.AddWithValue(OsloCalendar.StartOf(month));
        command.Parameters.AddWithValue(OsloCalendar.StartOf(month.AddMonths(1)));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>With BENCH_PG_OPTS loading pg_stat_statements, the generation's statements are ranked by execution time.</summary>
    private static async Task<bool> StartStatementProfileAsync(NpgsqlDataSource dataSource)
    {
        try
        {
            await Exec(dataSource, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await Exec(dataSource, "SELECT pg_stat_statements_reset()");
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    private static async Task PrintStatementProfileAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT calls, round(total_exec_time)::bigint, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Console.Error.WriteLine("statement profile (generation): calls | ms | rows | statement");
        while (await reader.ReadAsync())
        {
            Console.Error.WriteLine($"{reader.GetInt64(0):N0} | {reader.GetInt64(1):N0} | {reader.GetInt64(2):N0} | {reader.GetString(3)}");
        }
    }
}
