using System.Diagnostics;
using System.Globalization;
using System.Text;
using AktivResept.Domain.Calendar;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// KPI evaluation at national scale: <see cref="KpiSeed"/> (M municipalities × P gyms, N prescriptions, three years of
/// attendance), one ended year-long contract per gym judged monthly on six KPIs (<see cref="KpiContracts"/>), then
/// (a) the app's evaluation job over every contract (<c>KpiEvaluationJob.RunOnceAsync</c>: facts reader, engine,
/// store), (b) the same figures as one raw SQL aggregation (<see cref="KpiRawReference"/>), and (c) dashboard reads
/// (<c>GET /api/contracts/{id}/results?period=Month</c> as each contract's coordinator) from C clients for S seconds.
/// Usage: bench/run.sh kpi [--municipalities 356] [--providers 4] [--prescriptions 200000] [--weeks 56] [--per-week 5]
/// [--clients 16] [--read-seconds 20]
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

        var (connection, database) = await BenchDatabase.CreateAsync();
        await using var host = new BenchHost(connection, new Dictionary<string, string>
        {
            ["Attendance:RunAdherenceJob"] = "false",
            ["Contracts:Evaluation:RunJob"] = "false",
            ["Notifications:RunFanout"] = "false",
            ["Notifications:RunDispatcher"] = "false",
        });
        await host.StartAsync();
        Console.Error.WriteLine($"App on {host.Address}, database {database}");
        await using var dataSource = NpgsqlDataSource.Create(connection);

        var today = OsloCalendar.DateOf(DateTimeOffset.UtcNow);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var (firstMonth, lastDay) = (thisMonth.AddMonths(-12), thisMonth.AddDays(-1));
        var seeding = Stopwatch.StartNew();
        var volume = await KpiSeed.SeedAsync(dataSource, municipalities, providers, prescriptions, weeks, perWeek, today);
        var contracts = await KpiContracts.CreateAsync(host.Services, firstMonth, lastDay);
        Console.Error.WriteLine($"Seeded {volume} and {contracts.Count:N0} contracts in {seeding.Elapsed.TotalSeconds:N0} s");

        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        // (b) The reference: the same figures in one aggregation, read back, nothing stored.
        var before = cpu.Take();
        var (referenceTime, figures) = await KpiRawReference.RunAsync(dataSource, firstMonth, thisMonth.AddMonths(-1), OsloCalendar.StartOf(thisMonth));
        var referenceCpu = cpu.Take() - before;
        Console.Error.WriteLine($"reference: {figures.Count:N0} figures in {referenceTime.TotalSeconds:N1} s");

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores: {volume.Municipalities} municipalities × {providers} gyms = {contracts.Count:N0} contracts, {volume.Prescriptions:N0} prescriptions, {volume.StatusChanges:N0} status changes, {volume.AttendanceRows:N0} attendance rows ({volume.TrainerSessions:N0} trainer-registered) from {volume.From:yyyy-MM-dd} to {volume.Today:yyyy-MM-dd}")
            .AppendLine()
            .AppendLine("| run | contracts | figures | seconds | CPU s: app | PostgreSQL |")
            .AppendLine("|---|---:|---:|---:|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| (b) reference: one raw SQL aggregation of the same figures, read back ({KpiRawReference.Describe(figures)}) | {figures.Select(f => f.ContractId).Distinct().Count():N0} | {figures.Count:N0} | {referenceTime.TotalSeconds:N2} | {referenceCpu.App.TotalSeconds:N1} | {referenceCpu.Postgres.TotalSeconds:N1} |")
            .AppendLine()
            .AppendLine("(a) the app's evaluation and (c) dashboard reads are not wired yet: they call the evaluation job and results API of branch kpieval.");
        Console.WriteLine(report);
    }
}
