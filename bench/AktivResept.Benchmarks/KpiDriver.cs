using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// KPI evaluation at national scale: <see cref="KpiSeed"/> (M municipalities × P gyms, N prescriptions, three years of
/// attendance), one ended year-long contract per gym judged monthly on six KPIs (<see cref="KpiContracts"/>), then
/// (a) the app's evaluation job over every contract (<c>KpiEvaluationJob.RunOnceAsync</c>: facts reader, engine,
/// store), (b) the same figures as one raw SQL aggregation (<see cref="KpiRawReference"/>), and (c) dashboard reads
/// (<c>GET /api/contracts/{id}/results?period=Month</c> as each contract's coordinator) from C clients for S seconds.
/// Usage: bench/run.sh kpi [--municipalities 356] [--providers 4] [--prescriptions 200000] [--weeks 56] [--per-week 5]
/// [--clients 16] [--read-seconds 20] [--warmup-seconds 10] [--reuse DATABASE [--reads-only]] [--skip-reader].
/// <c>--reuse</c> measures on a database an earlier run seeded and kept (<c>AKTIVRESEPT_BENCH_KEEP=1</c>): the stored
/// figures are removed and (a) is a first pass again; with <c>--reads-only</c> they are kept and only (c) runs.
/// <c>--skip-reader</c> leaves out (a′).
/// </summary>
internal static class KpiDriver
{
    public static async Task RunAsync(string[] args)
    {
        var municipalities = Args.Int(args, "municipalities", 356);
        var providers = Args.Int(args, "providers", 4);
        var prescriptions = Args.Int(args, "prescriptions", 200_000);
        var weeks = Args.Int(args, "weeks", 56);
        var perWeek = Args.Int(args, "per-week", 5);
        var clients = Args.Int(args, "clients", 16);
        var readSeconds = Args.Int(args, "read-seconds", 20);
        var warmupSeconds = Args.Int(args, "warmup-seconds", 10);
        var reuse = Args.String(args, "reuse");
        var readsOnly = reuse is not null && args.Contains("--reads-only");
        var skipReader = args.Contains("--skip-reader");

        var (connection, database) = reuse is null ? await BenchDatabase.CreateAsync() : BenchDatabase.Existing(reuse);
        await using var host = new BenchHost(connection, new Dictionary<string, string>
        {
            // Jobs that would otherwise make a pass over the seeded (or kept) database during a measurement.
            ["Attendance:RunAdherenceJob"] = "false",
            ["Contracts:Evaluation:RunJob"] = "false",
            ["Notifications:RunFanout"] = "false",
            ["Notifications:RunDispatcher"] = "false",
            ["Outcomes:RunScheduleJob"] = "false",
            ["SectorStatistics:RunJob"] = "false",
            ["Retention:RunJob"] = "false",
            ["Security:Rekey:RunJob"] = "false",
        });
        await host.StartAsync();
        Console.Error.WriteLine($"App on {host.Address}, database {database}");
        await using var dataSource = NpgsqlDataSource.Create(connection);

        var today = OsloCalendar.DateOf(DateTimeOffset.UtcNow);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var (firstMonth, lastDay) = (thisMonth.AddMonths(-12), thisMonth.AddDays(-1));
        var seeding = Stopwatch.StartNew();
        var volume = reuse is null
            ? await KpiSeed.SeedAsync(dataSource, municipalities, providers, prescriptions, weeks, perWeek, today)
            : await KpiSeed.CountAsync(dataSource, municipalities, providers, today);
        var contracts = reuse is null
            ? await KpiContracts.CreateAsync(host.Services, firstMonth, lastDay)
            : await KpiContracts.ExistingAsync(host.Services, reset: !readsOnly);
        Console.Error.WriteLine($"{(reuse is null ? "Seeded" : "Reused")} {volume} and {contracts.Count:N0} contracts in {seeding.Elapsed.TotalSeconds:N0} s");
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, database {database}: {volume.Municipalities} municipalities × {providers} gyms = {contracts.Count:N0} contracts, {volume.Prescriptions:N0} prescriptions, {volume.StatusChanges:N0} status changes, {volume.AttendanceRows:N0} attendance rows ({volume.TrainerSessions:N0} trainer-registered) from {volume.From:yyyy-MM-dd} to {volume.Today:yyyy-MM-dd}")
            .AppendLine();
        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        var load = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!readsOnly)
        {
            await EvaluateAsync(host, dataSource, cpu, load, report, contracts.Count, firstMonth, thisMonth, lastDay, skipReader);
        }

        // (c) Dashboard reads through HTTP as the contracts' coordinators.
        var tokens = contracts.Select(c => c.PayerOrganisation).Distinct(StringComparer.Ordinal)
            .ToDictionary(org => org, org => host.Token(Roles.Municipality, org: org), StringComparer.Ordinal);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = host.Address,
        };
        // Warm-up, not measured: long enough for the JIT to finish optimising the read path (a count of reads was not).
        await Workers.RunForAsync(TimeSpan.FromSeconds(warmupSeconds), clients, i => ReadAsync(http, contracts[(int)(i % contracts.Count)], tokens, null));
        load["c"] = LoadAverage();
        var latency = new LatencyRecorder();
        var before = cpu.Take();
        var readTime = await Workers.RunForAsync(TimeSpan.FromSeconds(readSeconds), clients, i => ReadAsync(http, contracts[(int)((i * 7919L) % contracts.Count)], tokens, latency));
        var readCpu = cpu.Take() - before;
        var reads = latency.Summarise(readTime);
        var count = Math.Max(1, reads.Requests);

        report
            .AppendLine(CultureInfo.InvariantCulture, $"Load average (1 min) at the start of {string.Join(", ", load.Select(l => $"({l.Key}) {l.Value}"))}; after (c) {LoadAverage()}.")
            .AppendLine()
            .AppendLine("| dashboard read | requests | errors | per second | p50 ms | p95 ms | p99 ms | max ms |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|")
            .AppendLine(reads.Row($"GET /api/contracts/{{id}}/results?period=Month, {clients} clients, {readSeconds} s"))
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"CPU ms per read: .NET (app + load generator) {readCpu.App.TotalMilliseconds / count:N2}, PostgreSQL {readCpu.Postgres.TotalMilliseconds / count:N2}.");
        Console.WriteLine(report);
    }

    /// <summary>
    /// (a) the app's evaluation of every bench contract after an unmeasured warm-up, (a′) its facts reader alone unless
    /// skipped, and (b) the raw SQL reference of the same figures, compared with what (a) stored.
    /// </summary>
    private static async Task EvaluateAsync(
        BenchHost host, NpgsqlDataSource dataSource, CpuMeter cpu, Dictionary<string, string> load, StringBuilder report, int contracts,
        DateOnly firstMonth, DateOnly thisMonth, DateOnly lastDay, bool skipReader)
    {
        // Warm-up, not measured (as in the health account's bench): the demo data's contracts evaluated and stored, and
        // one municipality's bench contracts read, so that (a) measures the evaluation rather than the JIT compiling
        // the reader, engine and store on their first use (a fifth of the app's CPU in (a) when profiled without this).
        // The bench contracts are evaluated for the first time in (a) all the same.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
            var demo = await db.Contracts.AsNoTracking().Where(c => c.Name != KpiContracts.BenchName).Select(c => c.Id).ToListAsync();
            await scope.ServiceProvider.GetRequiredService<KpiContractEvaluation>().EvaluateAsync(demo, CancellationToken.None);
            var payer = await db.Contracts.Where(c => c.Name == KpiContracts.BenchName).OrderBy(c => c.PayerId).Select(c => c.PayerId).FirstAsync();
            var first = await db.Contracts.AsNoTracking().Where(c => c.Name == KpiContracts.BenchName && c.PayerId == payer).ToListAsync();
            await scope.ServiceProvider.GetRequiredService<KpiFactsReader>()
                .ReadAsync([.. first.Select(c => (Contract: c, Through: lastDay))], CancellationToken.None);
        }

        // (a) The app's evaluation: every contract, twelve monthly periods, six KPIs each, stored.
        load["a"] = LoadAverage();
        var before = cpu.Take();
        var clock = Stopwatch.StartNew();
        KpiEvaluationRun run;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            run = await scope.ServiceProvider.GetRequiredService<KpiEvaluationJob>().RunOnceAsync(CancellationToken.None);
        }

        var evaluation = (Time: clock.Elapsed, Cpu: cpu.Take() - before);
        Console.Error.WriteLine($"evaluation: {run.Contracts:N0} contracts, {run.Written:N0} figures in {evaluation.Time.TotalSeconds:N1} s");

        // Where (a) spends: the facts reader alone, per batch of a payer's contracts, as the job calls it.
        before = cpu.Take();
        clock.Restart();
        if (!skipReader)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
            var factsReader = scope.ServiceProvider.GetRequiredService<KpiFactsReader>();
            var benchContracts = await db.Contracts.AsNoTracking().Where(c => c.Name == KpiContracts.BenchName).ToListAsync();
            foreach (var batch in benchContracts.GroupBy(c => c.PayerId).SelectMany(g => g.Chunk(16)))
            {
                await factsReader.ReadAsync([.. batch.Select(c => (Contract: c, Through: lastDay))], CancellationToken.None);
            }
        }

        var reading = (Time: clock.Elapsed, Cpu: cpu.Take() - before);

        // (b) The reference: the same figures in one aggregation, read back, nothing stored.
        load["b"] = LoadAverage();
        before = cpu.Take();
        var (referenceTime, figures) = await KpiRawReference.RunAsync(dataSource, firstMonth, thisMonth.AddMonths(-1), OsloCalendar.StartOf(thisMonth));
        var referenceCpu = cpu.Take() - before;
        Console.Error.WriteLine($"reference: {figures.Count:N0} figures in {referenceTime.TotalSeconds:N1} s");
        var (compared, differing) = await CompareAsync(dataSource, figures);
        Console.Error.WriteLine($"the app's figures with participants: {compared:N0}, of which differ from the reference: {differing.Count:N0} {string.Join("; ", differing.Take(5))}");

        report
            .AppendLine("| run | contracts | figures | seconds | CPU s: app | PostgreSQL |")
            .AppendLine("|---|---:|---:|---:|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| (a) KpiEvaluationJob.RunOnceAsync: reader + engine + store, 12 monthly periods × 6 KPIs | {run.Contracts:N0} | {run.Written:N0} | {evaluation.Time.TotalSeconds:N2} | {evaluation.Cpu.App.TotalSeconds:N1} | {evaluation.Cpu.Postgres.TotalSeconds:N1} |")
            .AppendLine(skipReader
                ? "| (a′) reading the facts alone: skipped (--skip-reader) | | | | | |"
                : string.Create(CultureInfo.InvariantCulture, $"| (a′) of which reading the facts: KpiFactsReader.ReadAsync per payer's contracts, nothing measured or stored | {contracts:N0} | | {reading.Time.TotalSeconds:N2} | {reading.Cpu.App.TotalSeconds:N1} | {reading.Cpu.Postgres.TotalSeconds:N1} |"))
            .AppendLine(CultureInfo.InvariantCulture, $"| (b) reference: one raw SQL aggregation of the same figures, read back ({KpiRawReference.Describe(figures)}) | {figures.Select(f => f.ContractId).Distinct().Count():N0} | {figures.Count:N0} | {referenceTime.TotalSeconds:N2} | {referenceCpu.App.TotalSeconds:N1} | {referenceCpu.Postgres.TotalSeconds:N1} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| ratio (a) / (b) | | | {evaluation.Time.TotalSeconds / referenceTime.TotalSeconds:N2} | | |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"The app stored {compared:N0} figures with participants; {differing.Count:N0} differ from the reference in numerator, denominator, value or the prescriptions behind them.")
            .AppendLine();
    }

    /// <summary>The app's stored figures that have participants, against the reference's (same contract, month and KPI key), prescriptions included.</summary>
    private static async Task<(int Compared, List<string> Differing)> CompareAsync(NpgsqlDataSource dataSource, IReadOnlyList<KpiReferenceFigure> reference)
    {
        var expected = reference.ToDictionary(f => (f.ContractId, f.Month, f.Key));
        var differing = new List<string>();
        var compared = 0;
        await using var command = dataSource.CreateCommand(
            """
            SELECT "ContractId", "PeriodFrom", "KpiKey", "Numerator", "Denominator", "Value", "PrescriptionIds" FROM "KpiEvaluations" e
            WHERE "Participants" > 0 AND "Revision" = (SELECT max("Revision") FROM "KpiEvaluations" r WHERE r."KpiRequirementId" = e."KpiRequirementId" AND r."PeriodFrom" = e."PeriodFrom")
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            compared++;
            var key = (reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2));
            var (numerator, denominator, value) = (reader.GetDecimal(3), reader.GetDecimal(4), reader.IsDBNull(5) ? (decimal?)null : reader.GetDecimal(5));
            var ids = reader.GetFieldValue<Guid[]>(6);
            if (!expected.TryGetValue(key, out var figure) || figure.Numerator != numerator || figure.Denominator != denominator
                || !ids.Order().SequenceEqual(figure.PrescriptionIds.Order())
                || (figure.Value is { } v && value is { } w && Math.Round(v, 1, MidpointRounding.AwayFromZero) != Math.Round(w, 1, MidpointRounding.AwayFromZero)))
            {
                differing.Add(string.Create(CultureInfo.InvariantCulture, $"{key.Item3} {key.Item2:yyyy-MM}: app {numerator}/{denominator}={value}, reference {figure?.Numerator}/{figure?.Denominator}={figure?.Value}"));
            }
        }

        return (compared, differing);
    }

    /// <summary>The machine is shared: each figure is reported with the 1-minute load average it was measured under.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static async Task ReadAsync(HttpClient http, BenchContract contract, Dictionary<string, string> tokens, LatencyRecorder? latency)
    {
        async Task<HttpResponseMessage> Get()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/contracts/{contract.Id}/results?period=Month");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[contract.PayerOrganisation]);
            var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }

        using var response = latency is null ? await Get() : await latency.TimeAsync(Get, r => r.IsSuccessStatusCode);
    }
}
