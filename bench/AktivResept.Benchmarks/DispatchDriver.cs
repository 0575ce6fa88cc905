using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Webhooks;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications.Dispatch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// Notification dispatch throughput: N pending deliveries for one plain-webhook subscription (made through the API by
/// the demo GP, pointing at a local Kestrel receiver that verifies every signature and answers 200), sent by
/// <see cref="DispatchJob.RunOnceAsync"/> in-process (W instances of the job at once, as W app instances would)
/// until all are Delivered.
/// Usage: bench/run.sh dispatch [--deliveries N] [--batch-size N] [--workers W]
/// </summary>
internal static class DispatchDriver
{
    public static async Task RunAsync(string[] args)
    {
        var count = Args.Int(args, "deliveries", 20_000);
        var batchSize = Args.Int(args, "batch-size", 20);
        var workers = Args.Int(args, "workers", 1);

        await using var receiver = await Receiver.StartAsync();
        var (connection, database) = await BenchDatabase.CreateAsync();
        await using var host = new BenchHost(connection, new Dictionary<string, string>(BenchSettings.IngestionOnly)
        {
            ["Notifications:RunDispatcher"] = "false",
            ["Notifications:RunFanout"] = "false",
            ["Notifications:DispatchBatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),

            // The receiver is local plain http: allow-listed, as an operator would an internal receiver.
            ["Outbound:AllowHttp"] = "true",
            ["Outbound:AllowedNetworks:0"] = "127.0.0.1/32",
        });
        await host.StartAsync();
        Console.Error.WriteLine($"App on {host.Address}, receiver on {receiver.Address}, database {database}");
        await using var dataSource = NpgsqlDataSource.Create(connection);

        using var http = new HttpClient { BaseAddress = host.Address };
        using var subscribe = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions") { Content = JsonContent.Create(new { endpoint = $"{receiver.Address}hook" }) };
        subscribe.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg));
        using var created = await http.SendAsync(subscribe);
        var body = await created.Content.ReadAsStringAsync();
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Subscribing failed with {(int)created.StatusCode}: {body}");
        }

        var subscription = JsonDocument.Parse(body).RootElement;
        if (!StandardWebhookSignature.TryParseSecret(subscription.GetProperty("secret").GetString(), out var key))
        {
            throw new InvalidOperationException("The subscription answer carried no whsec_ secret.");
        }
        receiver.Key = key;
        await SeedAsync(dataSource, subscription.GetProperty("id").GetGuid(), count);
        await AttendanceSeed.SettleAsync(dataSource);

        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        var before = cpu.Take();
        var clock = Stopwatch.StartNew();
        var tried = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var total = 0;
            while (await PendingAsync(dataSource) > 0)
            {
                await using var scope = host.Services.CreateAsyncScope();
                total += await scope.ServiceProvider.GetRequiredService<DispatchJob>().RunOnceAsync(CancellationToken.None);
            }

            return total;
        })));
        var time = clock.Elapsed;
        var used = cpu.Take() - before;
        var delivered = await ScalarAsync(dataSource, """SELECT count(*) FROM "Deliveries" WHERE "Status" = 'Delivered'""");
        var attempts = await ScalarAsync(dataSource, """SELECT count(*) FROM "DeliveryAttempts" """);

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {count:N0} pending deliveries, DispatchBatchSize {batchSize}, {workers} job instance(s)")
            .AppendLine()
            .AppendLine("| operation | deliveries | tries | seconds | deliveries/s | receiver: verified / bad signature | CPU ms / delivery: app+receiver | PostgreSQL |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture,
                $"| DispatchJob.RunOnceAsync → signed POST → local receiver (200) | {delivered:N0} | {tried.Sum():N0} ({attempts:N0} attempt rows) | {time.TotalSeconds:N2} | {delivered / time.TotalSeconds:N0} | {receiver.Verified:N0} / {receiver.Bad:N0} | {used.App.TotalMilliseconds / count:N2} | {used.Postgres.TotalMilliseconds / count:N2} |");
        Console.WriteLine(report);
    }

    /// <summary>What fan-out would have written for N status changes: one pending delivery each, due now.</summary>
    private static async Task SeedAsync(NpgsqlDataSource dataSource, Guid subscriptionId, int count)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO "Deliveries" ("Id", "SubscriptionId", "EventId", "PrescriptionId", "EventType", "Payload", "Status", "Attempts", "NextAttemptAt", "CreatedAt")
            SELECT e.id, $1, e.event, e.rx, 'StatusChanged',
                json_build_object('type', 'prescription.status-changed', 'timestamp', now(),
                    'data', json_build_object('prescriptionId', e.rx, 'eventId', e.event, 'from', 'Accepted', 'to', 'Active'))::text,
                'Pending', 0, now() - interval '1 second', now()
            FROM (SELECT gen_random_uuid() AS id, gen_random_uuid() AS event, gen_random_uuid() AS rx FROM generate_series(1, $2::int)) e
            """);
        command.Parameters.AddWithValue(subscriptionId);
        command.Parameters.AddWithValue(count);
        await command.ExecuteNonQueryAsync();
    }

    private static Task<long> PendingAsync(NpgsqlDataSource dataSource) =>
        ScalarAsync(dataSource, """SELECT count(*) FROM "Deliveries" WHERE "Status" = 'Pending'""");

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A referrer system's endpoint on loopback: verifies the Standard Webhooks signature and answers 200.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _verified;
        private int _bad;

        private Receiver(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = new("http://127.0.0.1");

        public byte[] Key { get; set; } = [];

        public int Verified => _verified;

        public int Bad => _bad;

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                var ok = long.TryParse(request.Headers[StandardWebhookSignature.TimestampHeader], CultureInfo.InvariantCulture, out var timestamp) &&
                         StandardWebhookSignature.Matches([receiver.Key], request.Headers[StandardWebhookSignature.IdHeader].ToString(), timestamp, buffer.ToArray(),
                             request.Headers[StandardWebhookSignature.SignatureHeader].ToString());
                Interlocked.Increment(ref ok ? ref receiver._verified : ref receiver._bad);
                return Results.Ok();
            });
            await app.StartAsync();
            receiver.Address = new Uri(app.Urls.First().TrimEnd('/') + "/");
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
