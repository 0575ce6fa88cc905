using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.WarmUp;
using AktivResept.Server.Features.Demo;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// Load driver for the referral API: FHIR ServiceRequest create throughput and ServiceRequest?subject= search latency,
/// against the real app on Kestrel over loopback and PostgreSQL, next to raw-SQL references measured in the same run.
/// Usage: bench/run.sh [referral] [--patients N] [--creates N] [--concurrency N] [--search-seconds N] [--search-concurrency N] [--server DLL] [--floor]
/// Each phase also reports the CPU time it cost this .NET process (app and load generator together) and PostgreSQL,
/// per request, read from /proc; with <c>--server DLL</c> (e.g. a publish) the app runs as its own process on the
/// seeded database and its CPU is reported apart from the load generator's.
/// </summary>
internal static class LoadDriver
{
    public static async Task RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var serverDll = Args.String(args, "server") is { } dll ? Path.GetFullPath(dll) : null;
        var (connection, database) = await BenchDatabase.CreateAsync();
        var keys = ServerProcess.NewKeys();
        var host = new BenchHost(connection, keys);
        await host.StartAsync();
        await host.DisposeAsync();
        ServerProcess? server = null;
        if (serverDll is not null)
        {
            // Migrated and seeded in process; then the app runs as its own process, so its CPU is measured apart
            // from the load generator's.
            server = ServerProcess.Start(serverDll, ServerProcess.PostgresEnvironment(connection, keys));
        }
        else
        {
            // Migrated and seeded; then started again on the seeded database with the warm-up on, as the app runs
            // wherever it runs (a load balancer sends nothing before /health/ready; the seeding host's warm-up would
            // have run before there was a municipality to register a person in).
            host = new BenchHost(connection, new Dictionary<string, string>(keys) { ["WarmUp:Enabled"] = "true" });
            await host.StartAsync();
        }

        await using var running = (IAsyncDisposable?)server ?? host;
        if (server is not null)
        {
            await server.WaitForAsync("/health/ready", TimeSpan.FromMinutes(2));
        }
        else
        {
            await host.Services.GetRequiredService<WarmUpGate>().Opened.WaitAsync(TimeSpan.FromMinutes(2));
        }

        var address = server?.Address ?? host.Address;
        Console.Error.WriteLine($"App on {address} ({serverDll ?? "in this process"}), database {database}");
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        cpu.Server = server;
        var loadAverage = File.ReadAllText("/proc/loadavg").Trim();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
        };
        var token = ServerProcess.Token(keys, Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));

        // A look-up or registration by national id states its purpose (docs/fhir.md): a new referral.
        http.DefaultRequestHeaders.Add(LookupPurpose.Header, "ny-henvisning");

        // 1. Patients, through FHIR as an EHR would register them.
        var patientIds = new string[options.Patients];
        var patientLatency = new LatencyRecorder();
        var before = cpu.Take();
        var patientTime = await Workers.RunCountAsync(options.Patients, options.Concurrency, async i =>
        {
            var fnr = Fodselsnummer.Create(new DateOnly(1950 + (i % 50), 1 + (i % 12), 1 + (i % 28)), i / 600 % 500, synthetic: true)?.Value;
            for (var individual = 0; fnr is null; individual++)
            {
                fnr = Fodselsnummer.Create(new DateOnly(1950 + (i % 50), 1 + (i % 12), 1 + (i % 28)), (i / 600 % 500 + individual) % 500, synthetic: true)?.Value;
            }

            var response = await patientLatency.TimeAsync(() => http.PostAsync("/fhir/Patient", Fhir(FhirPayloads.Patient(fnr, i))), r => r.IsSuccessStatusCode);
            patientIds[i] = await IdOfAsync(response);
        });
        var patientCpu = cpu.Take() - before;

        // 2. Warm-up, then the measured ServiceRequest creates.
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7));
        await Workers.RunCountAsync(Math.Min(500, options.Creates / 10), options.Concurrency, async i =>
            (await http.PostAsync("/fhir/ServiceRequest", Fhir(FhirPayloads.ServiceRequest(patientIds[i % patientIds.Length], DemoIdentities.GpHpr, start)))).Dispose());
        // The warm-up's prescriptions are the first in the table: analyse, as a running service's tables always have
        // statistics. Without it the create's access check (may this referrer see this patient) ran on a plan made for
        // the empty table — every prescription of the bench's one referrer, then filtered by patient: 0.26 ms of executor
        // time a create, the create's costliest statement (docs/benchmarks.md, issue 19 round 6).
        await AnalyseAsync(dataSource);
        var createLatency = new LatencyRecorder();
        var createStatements = await StatementCounter.StartAsync(dataSource);
        before = cpu.Take();

        // The phase's second half is also measured on its own, as the search's is: the runtime is still recompiling
        // hot methods at tier 1 in the phase's first tens of seconds (its background thread had 12–20 % of the app's
        // CPU there in a profile; docs/benchmarks.md, warm start round 7), which a warm process does not pay.
        var createHalf = options.Creates / 2;
        var createSecondHalf = new LatencyRecorder();
        var createHalfway = new TaskCompletionSource<(CpuMeter.Sample Cpu, long At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var createTime = await Workers.RunCountAsync(options.Creates, options.Concurrency, async i =>
        {
            if (i == createHalf)
            {
                createHalfway.SetResult((cpu.Take(), Stopwatch.GetTimestamp()));
            }

            Task<HttpResponseMessage> PostAsync() => createLatency.TimeAsync(
                () => http.PostAsync("/fhir/ServiceRequest", Fhir(FhirPayloads.ServiceRequest(patientIds[i % patientIds.Length], DemoIdentities.GpHpr, start))),
                r => r.StatusCode == HttpStatusCode.Created);
            using var response = i < createHalf ? await PostAsync() : await createSecondHalf.TimeAsync(PostAsync, r => r.StatusCode == HttpStatusCode.Created);
        });
        var createCpu = cpu.Take() - before;
        createHalfway.TrySetResult((cpu.Take(), Stopwatch.GetTimestamp())); // no half to reach with no creates
        var (createHalfwayCpu, createHalfwayAt) = await createHalfway.Task;
        var createSecondHalfCpu = cpu.Take() - createHalfwayCpu;
        var createSecondHalfSummary = createSecondHalf.Summarise(Stopwatch.GetElapsedTime(createHalfwayAt));
        var createStatementReport = await createStatements.ReportAsync(options.Creates);

        // The tables grew from nothing to the creates' rows in under a minute, sooner than autovacuum looks again
        // (autovacuum_naptime): until it analyses them, the search's cached plan is the one made for a near-empty table —
        // the one referrer's index, "10 rows", then every one of its prescriptions filtered by subject (4.7 ms a search
        // instead of 0.4; auto_explain, docs/benchmarks.md). Analyse as autovacuum would, so the search measures the
        // steady state and not whether autovacuum happened to come by during the phase.
        await AnalyseAsync(dataSource);

        // 3. Search by subject for a fixed time (after a short warm-up at the search concurrency).
        await Workers.RunCountAsync(500, options.SearchConcurrency, async i =>
            (await http.GetAsync($"/fhir/ServiceRequest?subject=Patient/{patientIds[(i * 7919) % patientIds.Length]}")).Dispose());
        var searchLatency = new LatencyRecorder();
        var searchStatements = await StatementCounter.StartAsync(dataSource);
        before = cpu.Take();

        // The phase's second half is also measured on its own: tiered compilation of the search's code (call counts,
        // then optimised rejits on a background thread) goes on into the phase's first seconds, so the whole phase's
        // CPU includes warm-up that the steady state does not pay.
        var halfway = Task.Delay(TimeSpan.FromSeconds(options.SearchSeconds / 2.0)).ContinueWith(_ => (Cpu: cpu.Take(), Searches: searchLatency.Count), TaskScheduler.Default);
        var searchTime = await Workers.RunForAsync(TimeSpan.FromSeconds(options.SearchSeconds), options.SearchConcurrency, async i =>
        {
            using var response = await searchLatency.TimeAsync(
                () => http.GetAsync($"/fhir/ServiceRequest?subject=Patient/{patientIds[(i * 7919) % patientIds.Length]}"),
                r => r.IsSuccessStatusCode);
        });
        var searchCpu = cpu.Take() - before;
        var (halfwayCpu, halfwaySearches) = await halfway;
        var secondHalfCpu = cpu.Take() - halfwayCpu;
        var secondHalfSearches = searchLatency.Count - halfwaySearches;
        var searchStatementReport = await searchStatements.ReportAsync(searchLatency.Count);

        // 3b. With --floor, what a request costs the app before a search's rows, for the same clients and time: the
        // pipeline alone (GET /health/live: Kestrel, the bearer token's authentication, the middleware, no database)
        // and the same search for a subject no one has (the scope, an empty page query, its audit record, an empty
        // Bundle). What the search costs above the second is its ten resources' (docs/benchmarks.md, issue 19).
        var floors = new List<(LatencyRecorder.Summary Summary, string Name, CpuMeter.Sample Cpu)>();
        if (args.Contains("--floor"))
        {
            var nobody = Guid.NewGuid();
            floors.Add(await FloorAsync("/health/live", "floor: GET /health/live"));
            floors.Add(await FloorAsync($"/fhir/ServiceRequest?subject=Patient/{nobody}", "floor: ServiceRequest?subject= matching nothing"));
        }

        async Task<(LatencyRecorder.Summary, string, CpuMeter.Sample)> FloorAsync(string path, string name)
        {
            await Workers.RunCountAsync(500, options.SearchConcurrency, async _ => (await http.GetAsync(path)).Dispose());
            var latency = new LatencyRecorder();
            var cpuBefore = cpu.Take();
            var time = await Workers.RunForAsync(TimeSpan.FromSeconds(options.SearchSeconds), options.SearchConcurrency, async _ =>
            {
                using var response = await latency.TimeAsync(() => http.GetAsync(path), r => r.IsSuccessStatusCode);
            });
            return (latency.Summarise(time), $"{name} ({options.SearchConcurrency} clients)", cpu.Take() - cpuBefore);
        }

        // 4. References on the same database: the same rows written and read with hand-written SQL.
        var reference = new RawPostgresReference(dataSource);
        var (referrerId, participantIds) = await ReferenceKeysAsync(dataSource);
        var rawInsertLatency = new LatencyRecorder();
        before = cpu.Take();
        var rawInsertTime = await Workers.RunCountAsync(options.Creates, options.Concurrency, async i =>
            await rawInsertLatency.TimeAsync(async () => { await reference.InsertPrescriptionAsync(participantIds[i % participantIds.Count], referrerId); return true; }, ok => ok));
        var rawInsertCpu = cpu.Take() - before;
        var rawSearchLatency = new LatencyRecorder();
        before = cpu.Take();
        var rawSearchTime = await Workers.RunForAsync(TimeSpan.FromSeconds(options.SearchSeconds), options.SearchConcurrency, async i =>
            await rawSearchLatency.TimeAsync(() => reference.SearchBySubjectAsync(participantIds[(i * 7919) % participantIds.Count]), _ => true));
        var rawSearchCpu = cpu.Take() - before;

        var search = searchLatency.Summarise(searchTime);
        var rawSearch = rawSearchLatency.Summarise(rawSearchTime);
        var create = createLatency.Summarise(createTime);
        var rawInsert = rawInsertLatency.Summarise(rawInsertTime);
        Func<LatencyRecorder.Summary, string, CpuMeter.Sample, string> format = server is null ? (s, name, c) => s.Row(name, c) : (s, name, c) => s.RowWithServer(name, c);
        string[] rows =
        [
            format(patientLatency.Summarise(patientTime), $"FHIR Patient create ({options.Concurrency} clients)", patientCpu),
            format(create, $"FHIR ServiceRequest create ({options.Concurrency} clients)", createCpu),
            format(rawInsert, $"reference: raw SQL insert of the same rows ({options.Concurrency} clients)", rawInsertCpu),
            format(search, $"FHIR ServiceRequest?subject= search ({options.SearchConcurrency} clients)", searchCpu),
            format(rawSearch, $"reference: raw SQL select by subject + one audit insert ({options.SearchConcurrency} clients)", rawSearchCpu),
            .. floors.Select(f => format(f.Summary, f.Name, f.Cpu)),
        ];
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average at start {loadAverage}, {options.Concurrency} concurrent clients for creates, {options.SearchConcurrency} for search, {options.Patients} patients, {options.Creates} creates, {options.SearchSeconds} s search, app {serverDll ?? "in the bench process"}")
            .AppendLine()
            .AppendLine(server is null
                ? "| operation | requests | errors | per second | p50 ms | p95 ms | p99 ms | max ms | CPU ms/request .NET (app + load generator) | CPU ms/request PostgreSQL |"
                : "| operation | requests | errors | per second | p50 ms | p95 ms | p99 ms | max ms | CPU ms/request app process | CPU ms/request load generator (+ raw references) | CPU ms/request PostgreSQL |")
            .AppendLine(server is null ? "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

        report.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Search ÷ reference (select + audit insert): {search.PerSecond / rawSearch.PerSecond:P0}; create ÷ reference (raw insert): {create.PerSecond / rawInsert.PerSecond:P0}; load average at end {File.ReadAllText("/proc/loadavg").Trim()}")
            .AppendLine(CultureInfo.InvariantCulture, $"ServiceRequest create, second half of the phase only: {createSecondHalfSummary.Requests:N0} creates, {createSecondHalfSummary.PerSecond:N0}/s, p99 {createSecondHalfSummary.P99:N1} ms, {(server is null ? ".NET (app + load generator)" : "app process")} CPU {(server is null ? createSecondHalfCpu.App : createSecondHalfCpu.Server).TotalMilliseconds / Math.Max(1, createSecondHalfSummary.Requests):F3} ms/create, PostgreSQL {createSecondHalfCpu.Postgres.TotalMilliseconds / Math.Max(1, createSecondHalfSummary.Requests):F3} ms/create")
            .AppendLine(CultureInfo.InvariantCulture, $"Search, second half of the phase only: {secondHalfSearches:N0} searches, {(server is null ? ".NET (app + load generator)" : "app process")} CPU {(server is null ? secondHalfCpu.App : secondHalfCpu.Server).TotalMilliseconds / Math.Max(1, secondHalfSearches):F3} ms/search, PostgreSQL {secondHalfCpu.Postgres.TotalMilliseconds / Math.Max(1, secondHalfSearches):F3} ms/search");

        report.AppendLine().AppendLine("ServiceRequest create phase:").Append(createStatementReport)
            .AppendLine().AppendLine("ServiceRequest search phase:").Append(searchStatementReport);
        Console.WriteLine(report);

        static StringContent Fhir(string json) => new(json, Encoding.UTF8, "application/fhir+json");

        static async Task<string> IdOfAsync(HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Setup request failed with {(int)response.StatusCode}: {body}");
            }

            return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        }

        static async Task<(Guid Referrer, List<Guid> Participants)> ReferenceKeysAsync(NpgsqlDataSource dataSource)
        {
            await using var referrer = dataSource.CreateCommand("""SELECT "Id" FROM "Referrers" WHERE "Hpr" = '9144900'""");
            var referrerId = (Guid)(await referrer.ExecuteScalarAsync())!;
            await using var people = dataSource.CreateCommand("""SELECT "Id" FROM "People" ORDER BY "Id" """);
            await using var reader = await people.ExecuteReaderAsync();
            var ids = new List<Guid>();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }

            return (referrerId, ids);
        }
    }

    private static async Task AnalyseAsync(NpgsqlDataSource dataSource)
    {
        await using var analyze = dataSource.CreateCommand("ANALYZE");
        await analyze.ExecuteNonQueryAsync();
    }
}

internal sealed record Options(int Patients, int Creates, int Concurrency, int SearchSeconds, int SearchConcurrency)
{
    public static Options Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var index = Array.IndexOf(args, $"--{name}");
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new Options(Get("patients", 2000), Get("creates", 20000), Get("concurrency", 32), Get("search-seconds", 20), Get("search-concurrency", 16));
    }
}
