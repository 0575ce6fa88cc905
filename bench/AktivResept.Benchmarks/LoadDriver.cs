using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// Load driver for the referral API: FHIR ServiceRequest create throughput and ServiceRequest?subject= search latency,
/// against the real app on Kestrel over loopback and PostgreSQL, next to raw-SQL references measured in the same run.
/// Usage: bench/run.sh [referral] [--patients N] [--creates N] [--concurrency N] [--search-seconds N]
/// </summary>
internal static class LoadDriver
{
    public static async Task RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var (connection, database) = await BenchDatabase.CreateAsync();
        await using var host = new BenchHost(connection);
        await host.StartAsync();
        Console.Error.WriteLine($"App on {host.Address}, database {database}");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = host.Address,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg));
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));

        // 1. Patients, through FHIR as an EHR would register them.
        var patientIds = new string[options.Patients];
        var patientLatency = new LatencyRecorder();
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

        // 2. Warm-up, then the measured ServiceRequest creates.
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7));
        await Workers.RunCountAsync(Math.Min(500, options.Creates / 10), options.Concurrency, async i =>
            (await http.PostAsync("/fhir/ServiceRequest", Fhir(FhirPayloads.ServiceRequest(patientIds[i % patientIds.Length], DemoIdentities.GpHpr, start)))).Dispose());
        var createLatency = new LatencyRecorder();
        var createTime = await Workers.RunCountAsync(options.Creates, options.Concurrency, async i =>
        {
            using var response = await createLatency.TimeAsync(
                () => http.PostAsync("/fhir/ServiceRequest", Fhir(FhirPayloads.ServiceRequest(patientIds[i % patientIds.Length], DemoIdentities.GpHpr, start))),
                r => r.StatusCode == HttpStatusCode.Created);
        });

        // 3. Search by subject for a fixed time.
        var searchLatency = new LatencyRecorder();
        var searchTime = await Workers.RunForAsync(TimeSpan.FromSeconds(options.SearchSeconds), options.Concurrency, async i =>
        {
            using var response = await searchLatency.TimeAsync(
                () => http.GetAsync($"/fhir/ServiceRequest?subject=Patient/{patientIds[(i * 7919) % patientIds.Length]}"),
                r => r.IsSuccessStatusCode);
        });

        // 4. References on the same database: the same rows written and read with hand-written SQL.
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var reference = new RawPostgresReference(dataSource);
        var (referrerId, participantIds) = await ReferenceKeysAsync(dataSource);
        var rawInsertLatency = new LatencyRecorder();
        var rawInsertTime = await Workers.RunCountAsync(options.Creates, options.Concurrency, async i =>
            await rawInsertLatency.TimeAsync(async () => { await reference.InsertPrescriptionAsync(participantIds[i % participantIds.Count], referrerId); return true; }, ok => ok));
        var rawSearchLatency = new LatencyRecorder();
        var rawSearchTime = await Workers.RunForAsync(TimeSpan.FromSeconds(options.SearchSeconds), options.Concurrency, async i =>
            await rawSearchLatency.TimeAsync(() => reference.SearchBySubjectAsync(participantIds[(i * 7919) % participantIds.Count]), _ => true));

        var rows = new[]
        {
            patientLatency.Summarise(patientTime).Row("FHIR Patient create"),
            createLatency.Summarise(createTime).Row("FHIR ServiceRequest create"),
            rawInsertLatency.Summarise(rawInsertTime).Row("reference: raw SQL insert of the same rows"),
            searchLatency.Summarise(searchTime).Row("FHIR ServiceRequest?subject= search"),
            rawSearchLatency.Summarise(rawSearchTime).Row("reference: raw SQL select by subject"),
        };
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {options.Concurrency} concurrent clients, {options.Patients} patients, {options.Creates} creates, {options.SearchSeconds} s search")
            .AppendLine()
            .AppendLine("| operation | requests | errors | per second | p50 ms | p95 ms | p99 ms | max ms |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

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
}

internal sealed record Options(int Patients, int Creates, int Concurrency, int SearchSeconds)
{
    public static Options Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var index = Array.IndexOf(args, $"--{name}");
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new Options(Get("patients", 2000), Get("creates", 20000), Get("concurrency", 32), Get("search-seconds", 20));
    }
}
