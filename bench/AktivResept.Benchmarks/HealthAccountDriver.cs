using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.HealthAccounts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// The health account (issue 16) at scale: <see cref="HealthAccountSeed"/> (P participants in one municipality, O
/// more over all 356, three years), then (a) the app's account of the one municipality for the three years as
/// <see cref="HealthAccountReader"/> computes it (<see cref="AccountCohortLoader.LoadAsync"/> then
/// <see cref="HealthAccountCalculator.Compute"/>, in process; loader and calculator timed apart), (b) the shared figures
/// as raw SQL (<see cref="HealthAccountRawReference"/>) on the same database in the same run, compared figure by
/// figure, and (c) every municipality's account in one pass (one load grouped by municipality; its account of the scope
/// is checked equal to (a)'s), or with --per-scope one load per municipality, W at a time, with the wall time and CPU.
/// Usage: bench/run.sh health-account [--participants 20000] [--others 20000] [--per-scope [--workers 1]] [--repeat 1] [--reuse DATABASE] [--scope-only]
/// <c>--reuse</c> measures on a database an earlier run seeded and kept (<c>AKTIVRESEPT_BENCH_KEEP=1</c>) without seeding
/// again; <c>--repeat</c> runs (a) and (b) that many times, alternating, and reports each pair; <c>--scope-only</c> leaves (c) out.
/// </summary>
internal static class HealthAccountDriver
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static async Task RunAsync(string[] args)
    {
        var participants = Args.Int(args, "participants", 20_000);
        var others = Args.Int(args, "others", participants);
        var workers = Args.Int(args, "workers", 1);
        var perScope = args.Contains("--per-scope");
        var repeat = Math.Max(1, Args.Int(args, "repeat", 1));
        var reuse = Args.String(args, "reuse");
        var scopeOnly = args.Contains("--scope-only");

        var (connection, database) = reuse is null ? await BenchDatabase.CreateAsync() : BenchDatabase.Existing(reuse);
        await using var host = new BenchHost(connection, new Dictionary<string, string>
        {
            // Keys of this database's own, so that a kept database can be measured again by a later run (--reuse).
            ["Security:PersonDataKey"] = BenchDatabase.KeyOf(database, "person-data"),
            ["Security:PersonLookupKey"] = BenchDatabase.KeyOf(database, "person-lookup"),
            // Jobs that would otherwise make their first pass over the seeded (or kept) database during a measurement.
            ["Outcomes:RunScheduleJob"] = "false",
            ["SectorStatistics:RunJob"] = "false",
            ["Retention:RunJob"] = "false",
            ["Attendance:RunAdherenceJob"] = "false",
            ["Contracts:Evaluation:RunJob"] = "false",
            ["Notifications:RunFanout"] = "false",
            ["Notifications:RunDispatcher"] = "false",
        });
        await host.StartAsync();
        Console.Error.WriteLine($"App on {host.Address}, database {database}");
        await using var dataSource = NpgsqlDataSource.Create(connection);

        var now = DateTimeOffset.UtcNow;
        var today = OsloCalendar.DateOf(now);
        var (from, to) = (today.AddYears(-3).AddDays(1), today);
        var cipher = host.Services.GetRequiredService<AtRestCipher>();
        byte[][] ciphers =
        [
            cipher.Encrypt(Fodselsnummer.Create(new DateOnly(1970, 3, 14), 124, synthetic: true)!),
            cipher.Encrypt(Fodselsnummer.Create(new DateOnly(1968, 9, 2), 123, synthetic: true)!),
        ];
        var seeding = Stopwatch.StartNew();
        var volume = reuse is null
            ? await HealthAccountSeed.SeedAsync(dataSource, participants, others, today, ciphers)
            : await HealthAccountSeed.CountAsync(dataSource, participants, others);
        seeding.Stop();
        Console.Error.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:N0} s: {string.Join(", ", volume.Rows.Select(r => $"{r.Table} {r.Rows:N0}"))}");
        now = DateTimeOffset.UtcNow;

        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        var load = new Dictionary<string, string>(StringComparer.Ordinal);

        // Warm-up (JIT, EF query compilation) on a small municipality, not measured.
        await AccountAsync(host.Services, Target("1356"), from, to, now);

        // (a) The app's account of the scope (loader, then calculator), and (b) the raw reference of the shared figures,
        // alternating when repeated, so that both see the same machine.
        var pairs = new List<string>();
        HealthAccountReport report = null!;
        var persons = 0;
        var (compared, differing) = (0, new List<string>());
        HealthAccountFigures figures = null!;
        for (var round = 1; round <= repeat; round++)
        {
            load["a"] = LoadAverage();
            var before = cpu.Take();
            (var loadTime, var computeTime, report, persons) = await AccountAsync(host.Services, Target(HealthAccountSeed.ScopeKommune), from, to, now);
            var app = (Time: loadTime + computeTime, Cpu: cpu.Take() - before);
            Console.Error.WriteLine($"(a) {persons:N0} participants: load {loadTime.TotalSeconds:N2} s, compute {computeTime.TotalSeconds:N2} s");

            load["b"] = LoadAverage();
            before = cpu.Take();
            (var referenceTime, figures) = await HealthAccountRawReference.RunAsync(
                dataSource, HealthAccountSeed.ScopeKommune, OsloCalendar.StartOf(from), OsloCalendar.StartOf(to.AddDays(1)), now);
            var referenceCpu = cpu.Take() - before;
            (compared, differing) = Compare(report, figures);
            Console.Error.WriteLine($"(b) reference in {referenceTime.TotalSeconds:N2} s; {compared} figures compared, {differing.Count} differ {string.Join("; ", differing)}");
            var suffix = repeat > 1 ? $", round {round}" : "";
            pairs.Add(string.Create(CultureInfo.InvariantCulture, $"| (a) the app's account of kommune {HealthAccountSeed.ScopeKommune}, three years: AccountCohortLoader.LoadAsync + HealthAccountCalculator.Compute{suffix} | {persons:N0} | {app.Time.TotalSeconds:N2} | {loadTime.TotalSeconds:N2} | {computeTime.TotalSeconds:N2} | {app.Cpu.App.TotalSeconds:N1} | {app.Cpu.Postgres.TotalSeconds:N1} |"));
            pairs.Add(string.Create(CultureInfo.InvariantCulture, $"| (b) reference: raw SQL of the shared figures (funnel, claims by payer, mean paired change){suffix} | {figures.Funnel["referred"]:N0} | {referenceTime.TotalSeconds:N2} | | | {referenceCpu.App.TotalSeconds:N1} | {referenceCpu.Postgres.TotalSeconds:N1} |"));
            pairs.Add(string.Create(CultureInfo.InvariantCulture, $"| ratio (a) / (b){suffix} | | {app.Time.TotalSeconds / referenceTime.TotalSeconds:N2} | | | | |"));
        }

        if (scopeOnly)
        {
            Console.WriteLine(string.Join(Environment.NewLine, pairs));
            return;
        }

        // (c) Every municipality's account: in one pass (one load grouped by municipality, then the calculator per
        // municipality), or with --per-scope one load per municipality, W at a time.
        load["c"] = LoadAverage();
        var beforeAll = cpu.Take();
        var clock = Stopwatch.StartNew();
        var kommuner = Enumerable.Range(1, HealthAccountSeed.Municipalities).Select(m => (1000 + m).ToString(CultureInfo.InvariantCulture)).ToArray();
        var loadTotal = 0L;
        var computeTotal = 0L;
        bool? onePassEqual = null;
        var counted = 0L;
        if (perScope)
        {
            await Workers.RunCountAsync(kommuner.Length, workers, async i =>
            {
                var (l, c, _, n) = await AccountAsync(host.Services, Target(kommuner[i]), from, to, now);
                Interlocked.Add(ref loadTotal, l.Ticks);
                Interlocked.Add(ref computeTotal, c.Ticks);
                Interlocked.Add(ref counted, n);
            });
        }
        else
        {
            (var l, var c, counted, var scopeReport) = await AllMunicipalitiesAsync(host.Services, [.. kommuner.Select(Target)], from, to, now);
            (loadTotal, computeTotal) = (l.Ticks, c.Ticks);
            var (onePass, single) = (JsonSerializer.Serialize(scopeReport, Json), JsonSerializer.Serialize(report, Json));
            onePassEqual = onePass == single;
            if (onePassEqual == false)
            {
                // Both kept for a diff: a difference here is a rule that depends on the order rows arrive in.
                File.WriteAllText(Path.Combine(Path.GetTempPath(), "health-account-one-pass.json"), onePass);
                File.WriteAllText(Path.Combine(Path.GetTempPath(), "health-account-single.json"), single);
            }
        }

        var all = (Time: clock.Elapsed, Cpu: cpu.Take() - beforeAll);

        var rows = string.Join(", ", volume.Rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Table} {r.Rows:N0}")));
        var report2 = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores: {volume.ScopeParticipants:N0} participants in kommune {volume.ScopeKommunenummer} and {volume.OtherParticipants:N0} over all {HealthAccountSeed.Municipalities} municipalities, referred {from:yyyy-MM-dd} to {to:yyyy-MM-dd}, seeded in {seeding.Elapsed.TotalSeconds:N0} s.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Rows: {rows}.")
            .AppendLine()
            .AppendLine("| run | participants | seconds | of which loader | of which calculator | CPU s: app | PostgreSQL |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|")
            .AppendJoin(Environment.NewLine, pairs).AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"| (c) all {kommuner.Length} municipalities' accounts, {(perScope ? $"one load per municipality, {workers} at a time" : "one pass: AccountCohortLoader.LoadMunicipalitiesAsync + the calculator per municipality")} | {counted:N0} | {all.Time.TotalSeconds:N2} | {TimeSpan.FromTicks(loadTotal).TotalSeconds:N2} | {TimeSpan.FromTicks(computeTotal).TotalSeconds:N2} | {all.Cpu.App.TotalSeconds:N1} | {all.Cpu.Postgres.TotalSeconds:N1} |")
            .AppendLine()
            .AppendLine(onePassEqual is { } equal ? $"The one-pass account of kommune {HealthAccountSeed.ScopeKommune} in (c) equals (a)'s (JSON): {equal}." : "")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Figures compared between (a) and (b): {compared}; differing: {differing.Count}{(differing.Count > 0 ? ": " + string.Join("; ", differing) : "")}.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Load average (1 min) at the start of (a) {load["a"]}, (b) {load["b"]}, (c) {load["c"]}; after (c) {LoadAverage()}.");
        Console.WriteLine(report2);
    }

    private static AccountTarget Target(string kommunenummer) =>
        new(AccountScopeKind.Municipality, kommunenummer, "Helsekommune " + kommunenummer) { Kommunenummer = kommunenummer };

    /// <summary>One account as <see cref="HealthAccountReader"/> computes it (access, audit and HTTP aside), in its own DI scope.</summary>
    private static async Task<(TimeSpan Load, TimeSpan Compute, HealthAccountReport Report, int Participants)> AccountAsync(
        IServiceProvider services, AccountTarget target, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        await using var scope = services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<AccountCohortLoader>();
        var clock = Stopwatch.StartNew();
        var cohort = await loader.LoadAsync(target, from, to, now, CancellationToken.None) with { Period = new AccountPeriod(from, to) };
        var loaded = clock.Elapsed;
        clock.Restart();
        var report = HealthAccountCalculator.Compute(cohort, AccountAssumptions.Default);
        return (loaded, clock.Elapsed, report, cohort.Participants.Count);
    }

    /// <summary>Every municipality's account from one load (<see cref="AccountCohortLoader.LoadMunicipalitiesAsync"/>), then the calculator per municipality.</summary>
    private static async Task<(TimeSpan Load, TimeSpan Compute, long Participants, HealthAccountReport Scope)> AllMunicipalitiesAsync(
        IServiceProvider services, AccountTarget[] targets, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        await using var scope = services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<AccountCohortLoader>();
        var clock = Stopwatch.StartNew();
        var cohorts = await loader.LoadMunicipalitiesAsync(targets, from, to, now, CancellationToken.None);
        var loaded = clock.Elapsed;
        clock.Restart();
        var participants = 0L;
        HealthAccountReport? scopeReport = null;
        foreach (var target in targets)
        {
            var cohort = cohorts[target.Kommunenummer!] with { Period = new AccountPeriod(from, to) };
            var report = HealthAccountCalculator.Compute(cohort, AccountAssumptions.Default);
            scopeReport = target.Kommunenummer == HealthAccountSeed.ScopeKommune ? report : scopeReport;
            participants += cohort.Participants.Count;
        }

        return (loaded, clock.Elapsed, participants, scopeReport!);
    }

    /// <summary>Every figure the reference computes against the app's: funnel stages, claims by payer, complete-case change per instrument and timepoint.</summary>
    private static (int Compared, List<string> Differing) Compare(HealthAccountReport report, HealthAccountFigures reference)
    {
        var differing = new List<string>();
        var compared = 0;
        foreach (var (stage, count) in reference.Funnel)
        {
            compared++;
            var index = report.Funnel.Stages.ToList().IndexOf(stage);
            var app = index >= 0 ? report.Funnel.Total.Counts[index] : null;
            if (app != count)
            {
                differing.Add($"funnel {stage}: app {app?.ToString(CultureInfo.InvariantCulture) ?? "none"}, reference {count}");
            }
        }

        var payers = report.Costs.ByPayer.ToDictionary(p => p.Payer.ToString(), p => p.Claims, StringComparer.Ordinal);
        foreach (var key in reference.ClaimsByPayer.Keys.Union(payers.Where(p => p.Value != 0).Select(p => p.Key)))
        {
            compared++;
            var (app, raw) = (payers.GetValueOrDefault(key), reference.ClaimsByPayer.GetValueOrDefault(key));
            if (app != raw)
            {
                differing.Add(string.Create(CultureInfo.InvariantCulture, $"claims {key}: app {app:N2}, reference {raw:N2}"));
            }
        }

        foreach (var ((instrument, timepoint), (analysed, mean)) in reference.Changes)
        {
            compared++;
            var change = report.OutcomeChanges.FirstOrDefault(c => c.Instrument == instrument && c.Timepoint == timepoint);
            var estimate = change is null ? null : change.Primary.Handling == MissingDataHandling.CompleteCases ? change.Primary : change.Alternative;
            if (estimate is null || estimate.Analysed != analysed || estimate.MeanChange is not { } ci || Math.Abs(ci.Estimate - mean) > 1e-6)
            {
                differing.Add(string.Create(CultureInfo.InvariantCulture,
                    $"change {instrument} {timepoint}: app n={estimate?.Analysed} mean={estimate?.MeanChange?.Estimate:F4}, reference n={analysed} mean={mean:F4}"));
            }
        }

        return (compared, differing);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
