using System.Diagnostics;
using System.Globalization;
using System.Text;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Research;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// The research export (issue 17) at scale: <see cref="HealthAccountSeed"/>'s three years of referrals for P participants
/// (attendance, outcomes, claims), every one of them consenting to one project approved for every catalogue variable,
/// then the full export as the API makes it (<see cref="ResearchExporter.ExportAsync"/>, in process: consents, the
/// health account's loader, pseudonyms and date shifts, the file, the zip, the export and audit rows), once as CSV and
/// once as Parquet, each timed end to end. Target: ≤ 30 s for 200,000 participants.
/// Usage: bench/run.sh research-export [--participants 200000] [--repeat 1] [--reuse DATABASE]
/// <c>--reuse</c> runs the exports on a database an earlier run seeded and kept (<c>AKTIVRESEPT_BENCH_KEEP=1</c>),
/// without seeding again; <c>--repeat</c> exports each format that many times (the first pays the JIT).
/// </summary>
internal static class ResearchExportDriver
{
    public static async Task RunAsync(string[] args)
    {
        var participants = Args.Int(args, "participants", 200_000);
        var repeat = Math.Max(1, Args.Int(args, "repeat", 1));
        var reuse = Args.String(args, "reuse");
        var (connection, database) = reuse is null ? await BenchDatabase.CreateAsync() : BenchDatabase.Existing(reuse);
        await using var host = new BenchHost(connection, new Dictionary<string, string>
        {
            // Keys of this database's own, so that a kept database can be exported again by a later run (--reuse).
            ["Security:PersonDataKey"] = BenchDatabase.KeyOf(database, "person-data"),
            ["Security:PersonLookupKey"] = BenchDatabase.KeyOf(database, "person-lookup"),
            ["Attendance:RunAdherenceJob"] = "false",
            ["Contracts:Evaluation:RunJob"] = "false",
            ["Notifications:RunFanout"] = "false",
            ["Notifications:RunDispatcher"] = "false",
            // Jobs that would otherwise make their first pass over the seeded (or kept) database during an export.
            ["Outcomes:RunScheduleJob"] = "false",
            ["SectorStatistics:RunJob"] = "false",
            ["Retention:RunJob"] = "false",
        });
        await host.StartAsync();
        Console.Error.WriteLine($"App on {host.Address}, database {database}");
        await using var dataSource = NpgsqlDataSource.Create(connection);

        var today = OsloCalendar.DateOf(DateTimeOffset.UtcNow);
        var cipher = host.Services.GetRequiredService<AtRestCipher>();
        byte[][] ciphers =
        [
            cipher.Encrypt(Fodselsnummer.Create(new DateOnly(1970, 3, 14), 124, synthetic: true)!),
            cipher.Encrypt(Fodselsnummer.Create(new DateOnly(1968, 9, 2), 123, synthetic: true)!),
        ];
        var seeding = Stopwatch.StartNew();
        var scope = participants / 10;
        var volume = reuse is null
            ? await HealthAccountSeed.SeedAsync(dataSource, scope, participants - scope, today, ciphers)
            : await HealthAccountSeed.CountAsync(dataSource);

        var researcher = new CurrentUser("bench-researcher", Roles.Researcher, null, null, null, "Bench researcher");
        Guid projectId;
        await using (var services = host.Services.CreateAsyncScope())
        {
            var existing = reuse is null ? null : await services.ServiceProvider.GetRequiredService<AktivDbContext>().ResearchProjects
                .Where(p => p.OwnerSubject == researcher.Subject).Select(p => (Guid?)p.Id).FirstOrDefaultAsync();
            projectId = existing ?? await NewProjectAsync(services.ServiceProvider, researcher, today);
        }

        if (reuse is null)
        {
            await ConsentAllAsync(dataSource, projectId);
        }

        seeding.Stop();
        Console.Error.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:N0} s: {string.Join(", ", volume.Rows.Select(r => $"{r.Table} {r.Rows:N0}"))}");

        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        var results = new List<(string Format, TimeSpan Time, ExportFile File, CpuMeter.Sample Cpu, string Load)>();
        foreach (var format in new[] { ResearchFiles.Csv, ResearchFiles.Parquet }.SelectMany(f => Enumerable.Repeat(f, repeat)))
        {
            var load = LoadAverage();
            await using var services = host.Services.CreateAsyncScope();
            var exporter = services.ServiceProvider.GetRequiredService<ResearchExporter>();
            var before = cpu.Take();
            var watch = Stopwatch.StartNew();
            var outcome = await exporter.ExportAsync(researcher, projectId, new ExportRequest([.. ResearchVariables.All.Select(v => v.Name)], format), CancellationToken.None);
            watch.Stop();
            var used = cpu.Take() - before;
            var file = outcome.Value ?? throw new InvalidOperationException($"Export refused: {outcome.Error?.Code ?? outcome.Kind.ToString()}");
            Console.Error.WriteLine($"{format}: {file.Persons:N0} persons, {file.Rows:N0} rows, {file.Content.Length / 1e6:N1} MB zip in {watch.Elapsed.TotalSeconds:N1} s (load {load})");
            results.Add((format, watch.Elapsed, file, used, load));
        }

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Research export, {participants:N0} participants × 3 years ({string.Join(", ", volume.Rows.Select(r => $"{r.Table} {r.Rows:N0}"))}), all consenting, every variable, dates shifted ±30 days.")
            .AppendLine()
            .AppendLine("| format | persons | rows | zip MB | wall time s | CPU s: app | PostgreSQL | load average at start | target |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (format, time, file, used, load) in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {format} | {file.Persons:N0} | {file.Rows:N0} | {file.Content.Length / 1e6:N1} | {time.TotalSeconds:N1} | {used.App.TotalSeconds:N1} | {used.Postgres.TotalSeconds:N1} | {load} | ≤ 30 s |");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"Load average (1 min) after: {LoadAverage()}.");
        Console.WriteLine(report);
    }

    private static async Task<Guid> NewProjectAsync(IServiceProvider services, CurrentUser researcher, DateOnly today)
    {
        var keys = services.GetRequiredService<ResearchKeys>();
        var db = services.GetRequiredService<AktivDbContext>();
        var project = new ResearchProject
        {
            Title = "Bench",
            OwnerSubject = researcher.Subject,
            ApprovalReference = "2026/100000",
            Purpose = "Benchmark",
            PeriodFrom = today.AddYears(-1),
            PeriodTo = today.AddYears(1),
            Variables = [.. ResearchVariables.All.Select(v => v.Name)],
            DateHandling = DateHandling.Shifted,
            ShiftDays = 30,
            ConsentTextVersion = "bench-1",
            EncryptedKey = keys.NewEncryptedKey() ?? throw new InvalidOperationException("No key."),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.ResearchProjects.Add(project);
        await db.SaveChangesAsync();
        return project.Id;
    }

    /// <summary>Every person consents to the project (one set-based insert).</summary>
    private static async Task ConsentAllAsync(NpgsqlDataSource dataSource, Guid projectId)
    {
        await using var consents = dataSource.CreateCommand(
            """
            INSERT INTO "ConsentRecords" ("Id", "PersonId", "Purpose", "TextVersion", "GivenAt", "RecordedAt", "RecordedBy")
            SELECT gen_random_uuid(), "Id", $1, 'bench-1', now() - interval '1 day', now() - interval '1 day', 'bench' FROM "People"
            """);
        consents.Parameters.AddWithValue($"research:{projectId}");
        await consents.ExecuteNonQueryAsync();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
