using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// Warm from the first request (issue 19). Starts the real server as its own process (the Release build, or
/// <c>--server DLL</c>, e.g. a ReadyToRun publish) and measures:
/// 1. cold start on the embedded SQLite database: process start → first 200 of <c>/health/ready</c>, over R starts of
///    an already seeded database (the first start, which migrates and seeds, is reported apart);
/// 2. on PostgreSQL (bench/run.sh's cluster): for each of P starts, the first N requests at C clients right after
///    readiness (FHIR ServiceRequest search and read, two pages, the public timetable, the capability statement), and
///    then the same N requests again on the same, now warm, process — the reference measured in the same run.
/// Usage: bench/run.sh warm-start [--starts R] [--pg-starts P] [--requests N] [--clients C] [--patients K] [--prime P] [--server DLL]
/// [--env KEY=VALUE]... (server settings for every start, e.g. <c>--env WarmUp__Enabled=false</c> for the baseline).
/// </summary>
internal static class WarmStartDriver
{
    public static async Task RunAsync(string[] args)
    {
        var starts = Args.Int(args, "starts", 7);
        var pgStarts = Args.Int(args, "pg-starts", 3);
        var requests = Args.Int(args, "requests", 1000);
        var clients = Args.Int(args, "clients", 16);
        var patients = Args.Int(args, "patients", 200);
        var prime = Args.Int(args, "prime", 0);
        var serverDll = Path.GetFullPath(Args.String(args, "server") ?? DefaultServerDll());
        var extra = args.Select((a, i) => (a, i)).Where(x => x.a == "--env" && x.i + 1 < args.Length)
            .Select(x => args[x.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty);
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException($"No server build at {serverDll}: build src/AktivResept.Server -c Release or pass --server.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Warm start, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, server {serverDll}, settings [{string.Join(' ', extra.Select(kv => $"{kv.Key}={kv.Value}"))}], load average at start {LoadAverage()}"));
        Console.WriteLine();
        if (starts > 0)
        {
            await ColdStartOnSqliteAsync(serverDll, starts, extra);
        }

        if (pgStarts > 0)
        {
            await FirstRequestsOnPostgresAsync(serverDll, pgStarts, requests, clients, patients, prime, extra);
        }

        Console.WriteLine($"Load average at end {LoadAverage()}");
    }

    private static async Task ColdStartOnSqliteAsync(string serverDll, int starts, Dictionary<string, string> extra)
    {
        var data = Directory.CreateTempSubdirectory("aktiv-warm-start-");
        try
        {
            // What README's `dotnet run` is: Development, the embedded database in the data folder, demo data.
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["AKTIVRESEPT_DATA"] = data.FullName,
                ["Logging__LogLevel__Default"] = "Warning",
            };
            foreach (var (key, value) in extra)
            {
                environment[key] = value;
            }

            TimeSpan seeding;
            await using (var first = ServerProcess.Start(serverDll, environment))
            {
                seeding = await first.WaitForAsync("/health/ready", TimeSpan.FromMinutes(15));
            }

            var rows = new List<(TimeSpan Live, TimeSpan Ready, TimeSpan Cpu, string Load)>();
            for (var run = 0; run < starts; run++)
            {
                await using var server = ServerProcess.Start(serverDll, environment);
                var live = await server.WaitForAsync("/health/live", TimeSpan.FromMinutes(2));
                var ready = await server.WaitForAsync("/health/ready", TimeSpan.FromMinutes(2));
                rows.Add((live, ready, server.CpuTime, LoadAverage()));
            }

            Console.WriteLine("Cold start on the embedded SQLite database (Development, seeded; process start → first 200)");
            Console.WriteLine();
            Console.WriteLine("| start | /health/live s | /health/ready s | server CPU s at ready | load average |");
            Console.WriteLine("|---|---:|---:|---:|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| first (migrates and seeds, not counted) | | {seeding.TotalSeconds:F2} | | |"));
            for (var i = 0; i < rows.Count; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {i + 1} | {rows[i].Live.TotalSeconds:F2} | {rows[i].Ready.TotalSeconds:F2} | {rows[i].Cpu.TotalSeconds:F2} | {rows[i].Load} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| **median** | {Median(rows.Select(r => r.Live.TotalSeconds)):F2} | **{Median(rows.Select(r => r.Ready.TotalSeconds)):F2}** | {Median(rows.Select(r => r.Cpu.TotalSeconds)):F2} | |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| **max** | {rows.Max(r => r.Live.TotalSeconds):F2} | **{rows.Max(r => r.Ready.TotalSeconds):F2}** | {rows.Max(r => r.Cpu.TotalSeconds):F2} | |"));
            Console.WriteLine();
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static async Task FirstRequestsOnPostgresAsync(string serverDll, int pgStarts, int requests, int clients, int patients, int prime, Dictionary<string, string> extra)
    {
        var (connection, database) = await BenchDatabase.CreateAsync();
        var keys = ServerProcess.NewKeys();
        var token = ServerProcess.Token(keys, Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);
        var (patientIds, requestIds) = await SeedAsync(connection, keys, token, patients, database);

        var environment = ServerProcess.PostgresEnvironment(connection, keys);
        foreach (var (key, value) in ServerProcess.SignInProvider().Concat(extra))
        {
            environment[key] = value;
        }

        await using var dataSource = NpgsqlDataSource.Create(connection);
        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        var mix = new RequestMix(patientIds, requestIds);
        var rows = new List<string>();
        var firstP99 = new List<double>();
        var warmP99 = new List<double>();
        var ready = new List<double>();
        for (var run = 1; run <= pgStarts; run++)
        {
            await using var server = ServerProcess.Start(serverDll, environment);
            var readyAfter = await server.WaitForAsync("/health/ready", TimeSpan.FromMinutes(2));
            ready.Add(readyAfter.TotalSeconds);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = server.Address,
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            // A diagnostic, off by default: P requests of each kind one at a time before the first phase, i.e. what a
            // warm-up that reached every path would leave the first phase with.
            for (var i = 0; i < prime * 20; i++)
            {
                var (_, path, accept) = mix.At(i);
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Accept.ParseAdd(accept);
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
            }

            foreach (var phase in new[] { "first", "again (warm)" })
            {
                var load = LoadAverage();
                var appBefore = server.CpuTime;
                var pgBefore = cpu.Take();
                var samples = new System.Collections.Concurrent.ConcurrentBag<(string Kind, double Ms, bool Ok)>();
                var wall = await Workers.RunCountAsync(requests, clients, async i =>
                {
                    var (kind, path, accept) = mix.At(i);
                    using var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.Accept.ParseAdd(accept);
                    var start = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                    samples.Add((kind, Stopwatch.GetElapsedTime(start).TotalMilliseconds, response.IsSuccessStatusCode));
                });
                var appCpu = server.CpuTime - appBefore;
                var pgCpu = (cpu.Take() - pgBefore).Postgres;
                var summary = Summary.Of([.. samples.Select(x => (x.Ms, x.Ok))], wall);
                (phase == "first" ? firstP99 : warmP99).Add(summary.P99);
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {run} | {phase} | {readyAfter.TotalSeconds:F2} | {summary.Requests} | {summary.Errors} | {summary.PerSecond:F0} | {summary.P50:F1} | {summary.P95:F1} | {summary.P99:F1} | {summary.Max:F1} | {appCpu.TotalMilliseconds / summary.Requests:F2} | {pgCpu.TotalMilliseconds / summary.Requests:F2} | {load} |"));
                if (phase == "first")
                {
                    foreach (var kind in RequestMix.Kinds)
                    {
                        var k = Summary.Of([.. samples.Where(x => x.Kind == kind).Select(x => (x.Ms, x.Ok))], wall);
                        rows.Add(string.Create(CultureInfo.InvariantCulture,
                            $"| | ↳ {kind} | | {k.Requests} | {k.Errors} | | {k.P50:F1} | {k.P95:F1} | {k.P99:F1} | {k.Max:F1} | | | |"));
                    }
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"First {requests} requests at {clients} clients right after /health/ready on PostgreSQL ({patients} patients with a ServiceRequest each; the mix: {RequestMix.Describe})"));
        Console.WriteLine();
        Console.WriteLine("| start | requests | ready after s | n | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/req | PostgreSQL CPU ms/req | load average |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"First-{requests} p99: median {Median(firstP99):F1} ms, max {firstP99.Max():F1} ms; warm p99 median {Median(warmP99):F1} ms; ratio first/warm {Median(firstP99) / Median(warmP99):F2}; ready after median {Median(ready):F2} s"));
        Console.WriteLine();
    }

    /// <summary>Migrates and seeds the database with the in-process host, then adds K patients with a ServiceRequest each through FHIR.</summary>
    private static async Task<(string[] Patients, string[] Requests)> SeedAsync(string connection, Dictionary<string, string> keys, string token, int patients, string database)
    {
        await using var host = new BenchHost(connection, keys);
        await host.StartAsync();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoProgrammes>().SeedAsync(CancellationToken.None);
        }

        Console.Error.WriteLine($"Seeding {patients} patients in {database}");
        using var http = new HttpClient { BaseAddress = host.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Registering a patient by national id is a look-up, which must name its purpose.
        http.DefaultRequestHeaders.Add("X-Purpose-Of-Use", "ny-henvisning");
        var patientIds = new string[patients];
        var requestIds = new string[patients];
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7));
        await Workers.RunCountAsync(patients, 8, async i =>
        {
            var fnr = Fodselsnummer.Create(new DateOnly(1950 + (i % 50), 1 + (i % 12), 1 + (i % 28)), i / 600 % 500, synthetic: true)?.Value;
            for (var individual = 0; fnr is null; individual++)
            {
                fnr = Fodselsnummer.Create(new DateOnly(1950 + (i % 50), 1 + (i % 12), 1 + (i % 28)), (i / 600 % 500 + individual) % 500, synthetic: true)?.Value;
            }

            patientIds[i] = await IdOfAsync(await http.PostAsync("/fhir/Patient", Fhir(FhirPayloads.Patient(fnr, i))));
            requestIds[i] = await IdOfAsync(await http.PostAsync("/fhir/ServiceRequest", Fhir(FhirPayloads.ServiceRequest(patientIds[i], DemoIdentities.GpHpr, start))));
        });
        return (patientIds, requestIds);

        static StringContent Fhir(string json) => new(json, Encoding.UTF8, "application/fhir+json");
    }

    private static async Task<string> IdOfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Setup request failed with {(int)response.StatusCode}: {body}");
            }

            return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        }
    }

    private static string DefaultServerDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AktivResept.slnx")))
            {
                return Path.Combine(dir.FullName, "src", "AktivResept.Server", "bin", "Release", "net10.0", "AktivResept.Server.dll");
            }
        }

        return "AktivResept.Server.dll";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Summary(int Requests, int Errors, double PerSecond, double P50, double P95, double P99, double Max)
    {
        public static Summary Of(IReadOnlyCollection<(double Ms, bool Ok)> samples, TimeSpan wall)
        {
            var sorted = samples.Select(s => s.Ms).Order().ToArray();
            double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            return new Summary(sorted.Length, samples.Count(s => !s.Ok), sorted.Length / wall.TotalSeconds, At(0.50), At(0.95), At(0.99), sorted.LastOrDefault());
        }
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>A fixed, interleaved mix: request i is always the same kind and resource, so every start sees the same load.</summary>
    private sealed class RequestMix(string[] patients, string[] requests)
    {
        public static readonly string[] Kinds = ["FHIR ServiceRequest?subject=", "FHIR ServiceRequest read", "page /logg-inn", "page /aktiv-pa-dagtid/0301", "public timetable API", "FHIR metadata"];

        public const string Describe = "per 20 requests 8 ServiceRequest?subject= searches, 5 ServiceRequest reads, 2 sign-in pages, 2 public timetable pages, 2 public timetable API reads, 1 /fhir/metadata";

        public (string Kind, string Path, string Accept) At(int i)
        {
            var slot = i % 20;
            var n = (i * 7919) % patients.Length;
            return slot switch
            {
                < 8 => (Kinds[0], $"/fhir/ServiceRequest?subject=Patient/{patients[n]}", "application/fhir+json"),
                < 13 => (Kinds[1], $"/fhir/ServiceRequest/{requests[n]}", "application/fhir+json"),
                < 15 => (Kinds[2], "/logg-inn", "text/html"),
                < 17 => (Kinds[3], "/aktiv-pa-dagtid/0301", "text/html"),
                < 19 => (Kinds[4], "/api/public/aktiv-pa-dagtid/0301", "application/json"),
                _ => (Kinds[5], "/fhir/metadata", "application/fhir+json"),
            };
        }
    }
}
