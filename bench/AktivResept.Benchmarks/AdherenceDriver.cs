using System.Diagnostics;
using System.Globalization;
using System.Text;
using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Features.Attendance.Adherence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// Full adherence recomputation: <see cref="AdherenceJob.RunOnceAsync"/> with <c>all: true</c> over N Active
/// prescriptions with W weeks of attendance each (2–3 check-ins a week), run in-process on the app's own services,
/// next to the floor for the same work: one raw read of the same facts and the pure calculator over them, no writes.
/// Usage: bench/run.sh adherence [--prescriptions N] [--weeks W]
/// </summary>
internal static class AdherenceDriver
{
    public static async Task RunAsync(string[] args)
    {
        var count = Args.Int(args, "prescriptions", 200_000);
        var weeks = Args.Int(args, "weeks", 12);

        var (connection, database) = await BenchDatabase.CreateAsync();
        await using var host = new BenchHost(connection, BenchSettings.IngestionOnly);
        await host.StartAsync();
        Console.Error.WriteLine($"App on {host.Address}, database {database}");
        await using var dataSource = NpgsqlDataSource.Create(connection);

        // Started W weeks ago, 4 weeks still to go (so Active, not Completed), reports sent up to the last due one:
        // a steady state in which a full run has nothing new to say, only to recompute.
        var today = OsloCalendar.DateOf(DateTimeOffset.UtcNow);
        var start = today.AddDays(-7 * weeks);
        var seeding = Stopwatch.StartNew();
        var gym = await AttendanceSeed.GymAsync(dataSource);
        await AttendanceSeed.PrescriptionsAsync(dataSource, gym, count, "Active", start, weeks + 4);
        await AttendanceSeed.AttendanceWeeksAsync(dataSource, gym, Guid.NewGuid(), count, start, weeks, reportedThrough: start.AddDays((7 * weeks) - 1));
        await AttendanceSeed.SettleAsync(dataSource);
        var facts = await ScalarAsync(dataSource, """SELECT count(*) FROM "AttendanceRecords" """);
        Console.Error.WriteLine($"Seeded {count:N0} prescriptions and {facts:N0} attendance rows in {seeding.Elapsed.TotalSeconds:N0} s");

        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        var runs = new List<(string Name, TimeSpan Time, AdherenceRunResult Result, CpuMeter.Sample Cpu)>();
        foreach (var name in new[] { "first full run (every snapshot dirty)", "second full run (nothing changed)" })
        {
            await using var scope = host.Services.CreateAsyncScope();
            var job = scope.ServiceProvider.GetRequiredService<AdherenceJob>();
            var before = cpu.Take();
            var clock = Stopwatch.StartNew();
            var result = await job.RunOnceAsync(all: true, CancellationToken.None);
            runs.Add((name, clock.Elapsed, result, cpu.Take() - before));
            Console.Error.WriteLine($"{name}: {clock.Elapsed.TotalSeconds:N1} s");
        }

        var floorBefore = cpu.Take();
        var (floorTime, floorRead, floorEvaluated) = await FloorAsync(dataSource);
        var floorCpu = cpu.Take() - floorBefore;

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {count:N0} Active prescriptions, {weeks} weeks of attendance ({facts:N0} rows)")
            .AppendLine()
            .AppendLine("| run | evaluated | transitions | alerts | reports | seconds | prescriptions/s | CPU s: app | PostgreSQL |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, time, result, used) in runs)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| AdherenceJob.RunOnceAsync(all: true), {name} | {result.Evaluated:N0} | {result.Transitions:N0} | {result.Alerts:N0} | {result.Reports:N0} | {time.TotalSeconds:N2} | {result.Evaluated / time.TotalSeconds:N0} | {used.App.TotalSeconds:N1} | {used.Postgres.TotalSeconds:N1} |");
        }

        report.AppendLine(CultureInfo.InvariantCulture,
            $"| reference: one raw read of the same facts ({floorRead.TotalSeconds:N2} s) + the pure calculator, no writes | {floorEvaluated:N0} | | | | {floorTime.TotalSeconds:N2} | {floorEvaluated / floorTime.TotalSeconds:N0} | {floorCpu.App.TotalSeconds:N1} | {floorCpu.Postgres.TotalSeconds:N1} |");
        Console.WriteLine(report);
    }

    /// <summary>The least a recomputation must do: read every open prescription's plan and facts once, and evaluate.</summary>
    private static async Task<(TimeSpan Total, TimeSpan Read, int Evaluated)> FloorAsync(NpgsqlDataSource dataSource)
    {
        var clock = Stopwatch.StartNew();
        var plans = new Dictionary<Guid, AdherencePlan>();
        await using (var command = dataSource.CreateCommand("""SELECT "Id", "StartDate", "DurationWeeks", "SessionsPerWeek" FROM "Prescriptions" WHERE "Status" IN ('Accepted', 'Active')"""))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var startDate = reader.GetFieldValue<DateOnly>(1);
                plans[reader.GetGuid(0)] = new AdherencePlan(startDate, startDate.AddDays((reader.GetInt32(2) * 7) - 1), reader.GetInt32(3));
            }
        }

        var facts = new Dictionary<Guid, List<AttendanceFact>>(plans.Count);
        await using (var command = dataSource.CreateCommand(
            """
            SELECT "PrescriptionId", "OccurredAt", "Kind", "DurationMinutes" FROM "AttendanceRecords"
            WHERE "PrescriptionId" IS NOT NULL AND "Reconciliation" IN ('Matched', 'Linked')
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var id = reader.GetGuid(0);
                if (!facts.TryGetValue(id, out var list))
                {
                    facts[id] = list = [];
                }

                list.Add(new AttendanceFact(reader.GetFieldValue<DateTimeOffset>(1), Enum.Parse<AttendanceKind>(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetInt32(3)));
            }
        }

        var read = clock.Elapsed;
        var now = DateTimeOffset.UtcNow;
        var policy = AdherencePolicy.Default;
        var evaluated = 0;
        foreach (var (id, plan) in plans)
        {
            AdherenceCalculator.Evaluate(plan, facts.GetValueOrDefault(id) ?? [], now, policy);
            evaluated++;
        }

        return (clock.Elapsed, read, evaluated);
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
