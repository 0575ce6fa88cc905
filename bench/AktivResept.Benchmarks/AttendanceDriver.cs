using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Webhooks;
using AktivResept.Server.Features.Demo;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// Sustained ingestion through the signed webhook endpoint (<c>POST /api/integrations/attendance</c>) in batches,
/// next to a binary COPY of the same rows into the same table, measured in the same run on the same database.
/// Usage: bench/run.sh attendance [--members N] [--batches N] [--batch-size N] [--concurrency N]
/// </summary>
internal static class AttendanceDriver
{
    public static async Task RunAsync(string[] args)
    {
        var members = Args.Int(args, "members", 20_000);
        var batches = Args.Int(args, "batches", 1200);
        var size = Args.Int(args, "batch-size", 500);
        var concurrency = Args.Int(args, "concurrency", 8);
        var warmup = Math.Max(10, batches / 20);

        var (connection, database) = await BenchDatabase.CreateAsync();
        // The rate limit is lifted (one sender here plays many gyms' worth of traffic); the adherence and
        // notification workers are off so the measurement is ingestion alone (adherence is its own scenario).
        await using var host = new BenchHost(connection, BenchSettings.IngestionOnly);
        await host.StartAsync();
        Console.Error.WriteLine($"App on {host.Address}, database {database}");
        await using var dataSource = NpgsqlDataSource.Create(connection);

        var gym = await AttendanceSeed.GymAsync(dataSource);
        var today = OsloCalendar.DateOf(DateTimeOffset.UtcNow);
        await AttendanceSeed.PrescriptionsAsync(dataSource, gym, members, "Accepted", today.AddDays(-20), 12);
        await AttendanceSeed.SettleAsync(dataSource);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = host.Address,
        };
        var (integrationId, key) = await CreateIntegrationAsync(http, host);

        var now = DateTimeOffset.UtcNow;
        var warm = AttendancePayloads.Deliveries("warm", warmup, size, members, gym.LocationId, now, seed: 1);
        var measured = AttendancePayloads.Deliveries("ev", batches, size, members, gym.LocationId, now, seed: 2);

        await Workers.RunCountAsync(warm.Count, concurrency, async i => await SendAsync(http, integrationId, key, warm[i]));
        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        var before = cpu.Take();
        var latency = new LatencyRecorder();
        var stored = 0;
        var time = await Workers.RunCountAsync(measured.Count, concurrency, async i =>
        {
            using var response = await latency.TimeAsync(() => SendAsync(http, integrationId, key, measured[i]), r => r.StatusCode == HttpStatusCode.OK);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                Interlocked.Add(ref stored, body.RootElement.GetProperty("stored").GetInt32());
            }
        });
        var endpointCpu = cpu.Take() - before;
        var inDatabase = await CountAsync(dataSource, integrationId);

        // The reference: the same rows (under another source id, so the unique index does not refuse them), same
        // batch size and concurrency, each batch one COPY and one durable commit; then all in one COPY stream.
        var copy = new AttendanceCopyReference(dataSource, gym, Guid.NewGuid());
        var copyLatency = new LatencyRecorder();
        before = cpu.Take();
        var copyTime = await Workers.RunCountAsync(measured.Count, concurrency, async i =>
            await copyLatency.TimeAsync(() => copy.CopyAsync(measured[i].Events), ok => ok));
        var copyCpu = cpu.Take() - before;
        var single = new AttendanceCopyReference(dataSource, gym, Guid.NewGuid());
        var singleLatency = new LatencyRecorder();
        var singleTime = await Workers.RunCountAsync(1, 1, async _ =>
            await singleLatency.TimeAsync(() => single.CopyAsync(measured.SelectMany(d => d.Events)), ok => ok));

        var events = (double)batches * size;
        var endpoint = latency.Summarise(time);
        var copied = copyLatency.Summarise(copyTime);
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {concurrency} concurrent senders, {batches} batches of {size} events ({events:N0} events, after {warmup} warm-up batches), {members:N0} linked members")
            .AppendLine()
            .AppendLine("| operation | batches | errors | events/s | batches/s | p50 ms | p95 ms | p99 ms | max ms | CPU ms / 1k events: client+app | PostgreSQL |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            .AppendLine(Row("signed webhook, HTTP → app → PostgreSQL", endpoint, size, endpointCpu, events))
            .AppendLine(Row($"reference: binary COPY of the same rows, {size} per COPY", copied, size, copyCpu, events))
            .AppendLine(CultureInfo.InvariantCulture, $"| reference: one binary COPY of all {events:N0} rows | 1 | 0 | {events / singleTime.TotalSeconds:N0} | | | | | {singleTime.TotalMilliseconds:N0} | | |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Endpoint / COPY ({size} per COPY): **{endpoint.PerSecond / copied.PerSecond:P0}**; endpoint / one COPY: {endpoint.PerSecond * size / (events / singleTime.TotalSeconds):P0}.")
            .AppendLine(CultureInfo.InvariantCulture, $"Stored according to the responses: {stored:N0}; matched rows of this integration in the table: {inDatabase:N0} (expected {events + (warmup * size):N0}).");
        Console.WriteLine(report);
    }

    private static string Row(string name, LatencyRecorder.Summary s, int size, CpuMeter.Sample cpu, double events) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {s.Requests:N0} | {s.Errors} | {s.PerSecond * size:N0} | {s.PerSecond:N1} | {s.P50:N2} | {s.P95:N2} | {s.P99:N2} | {s.Max:N2} | {cpu.App.TotalMilliseconds * 1000 / events:N1} | {cpu.Postgres.TotalMilliseconds * 1000 / events:N1} |");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Guid integrationId, byte[] key, BenchDelivery delivery)
    {
        using var request = AttendancePayloads.Signed(integrationId, key, delivery);
        return await http.SendAsync(request);
    }

    /// <summary>Registered as the gym's provider admin would, through the API; the secret comes back once.</summary>
    private static async Task<(Guid Id, byte[] Key)> CreateIntegrationAsync(HttpClient http, BenchHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/integrations") { Content = JsonContent.Create(new { name = "Benk adgangssystem" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(Roles.ProviderAdmin, org: DemoIdentities.AktivTreningOsloOrg));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating the integration failed with {(int)response.StatusCode}: {body}");
        }

        var json = JsonDocument.Parse(body).RootElement;
        if (!StandardWebhookSignature.TryParseSecret(json.GetProperty("secret").GetString(), out var key))
        {
            throw new InvalidOperationException("The integration's secret is not in the whsec_ form.");
        }

        return (json.GetProperty("id").GetGuid(), key);
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, Guid integrationId)
    {
        await using var command = dataSource.CreateCommand("""SELECT count(*) FROM "AttendanceRecords" WHERE "SourceId" = $1 AND "Reconciliation" = 'Matched'""");
        command.Parameters.AddWithValue(integrationId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>Configuration the scenarios share on top of <see cref="BenchHost"/>'s defaults.</summary>
internal static class BenchSettings
{
    public static readonly IReadOnlyDictionary<string, string> IngestionOnly = new Dictionary<string, string>
    {
        ["Integrations:RateLimitRequests"] = "1000000000",
        ["Attendance:RunAdherenceJob"] = "false",
    };
}
