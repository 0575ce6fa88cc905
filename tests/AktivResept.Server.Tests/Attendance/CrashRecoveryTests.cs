using System.Globalization;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Webhooks;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Attendance;

/// <summary>
/// The server runs as a real separate process and is killed with SIGKILL in the middle of a sustained ingestion. The
/// sender retries every batch it did not get a 2xx for (same webhook-id and body, fresh signature), as a Standard
/// Webhooks sender does. Afterwards every event is stored exactly once: nothing acknowledged was lost, nothing doubled.
/// </summary>
/// <remarks>
/// The kill is timed by a condition, not a delay: it happens once a third of the batches are acknowledged, while
/// several concurrent senders keep deliveries in flight, so it lands mid-ingestion however busy the machine is.
/// </remarks>
public sealed class CrashRecoveryTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const int Batches = 60;
    private const int EventsPerBatch = 200;
    private const int Senders = 4;
    private const int AcknowledgedBeforeKill = Batches / 3;

    [Fact]
    public async Task No_acknowledged_event_is_lost_or_duplicated_when_the_server_is_killed_mid_ingestion()
    {
        using var budget = new CancellationTokenSource(TestBudget.CrashRecovery);
        var member = "crash-" + Guid.NewGuid().ToString("N")[..8];
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        // The server process runs on the real clock, so the data is arranged around the real today.
        var realToday = OsloCalendar.DateOf(DateTimeOffset.UtcNow);
        var prescription = await app.AcceptedPrescriptionAsync(member, start: realToday.AddDays(-20));
        StandardWebhookSignature.TryParseSecret(integration.Secret, out var key).ShouldBeTrue();
        var bodies = Enumerable.Range(0, Batches).Select(b => AttendanceKit.Batch([.. Enumerable.Range(0, EventsPerBatch).Select(i =>
            AttendanceKit.Event($"b{b}-e{i}", location, member, DateTimeOffset.UtcNow.AddDays(-(i % 14)).AddMinutes(-b)))])).ToArray();
        var sender = new Sender(integration, key, bodies);

        var port = ServerProcess.FreePort();
        var server = Start(port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            await server.WaitUntilOkAsync(http, "/health", budget.Token);

            var next = -1;
            var sending = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
            {
                for (var b = Interlocked.Increment(ref next); b < Batches; b = Interlocked.Increment(ref next))
                {
                    await sender.TrySendAsync(http, b, budget.Token);
                }
            })).ToList();
            await sender.ThirdAcknowledged.Task.WaitAsync(budget.Token);
            var inFlightAtKill = sender.InFlight;
            await server.KillAsync();
            await Task.WhenAll(sending);

            // The invariant, checked before any retry could paper over a loss: every acknowledged batch is stored
            // whole, and no batch is stored in part (an unacknowledged one is either absent or, if the kill came
            // between its commit and its response, whole).
            var stored = await StoredPerBatchAsync(integration);
            var acknowledged = sender.Acknowledged;
            acknowledged.Count(a => a).ShouldBeGreaterThanOrEqualTo(AcknowledgedBeforeKill);
            acknowledged.Count(a => !a).ShouldBeGreaterThan(0, $"the kill should have cut off some deliveries ({inFlightAtKill} were in flight)");
            Enumerable.Range(0, Batches).Where(b => acknowledged[b] && stored[b] != EventsPerBatch)
                .ShouldBeEmpty("acknowledged batches whose events are not all durable");
            Enumerable.Range(0, Batches).Where(b => stored[b] is not 0 and not EventsPerBatch)
                .ShouldBeEmpty("batches stored in part");

            server.Dispose();
            server = Start(port);
            await server.WaitUntilOkAsync(http, "/health", budget.Token);
            for (var b = 0; b < Batches; b++)
            {
                while (!sender.Acknowledged[b])
                {
                    budget.Token.ThrowIfCancellationRequested();
                    await sender.TrySendAsync(http, b, budget.Token);
                }
            }
        }
        finally
        {
            server.Dispose();
        }

        (await StoredPerBatchAsync(integration)).ShouldAllBe(count => count == EventsPerBatch);
        (await app.QueryAsync(db => db.AttendanceRecords.CountAsync(a => a.SourceId == integration.Id))).ShouldBe(Batches * EventsPerBatch);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(Batches * EventsPerBatch);
    }

    /// <summary>How many distinct events of each batch are stored (event ids are "b{batch}-e{index}").</summary>
    private async Task<int[]> StoredPerBatchAsync(TestIntegration integration)
    {
        var ids = await app.QueryAsync(db => db.AttendanceRecords.Where(a => a.SourceId == integration.Id).Select(a => a.ExternalId).ToListAsync());
        var perBatch = new int[Batches];
        foreach (var id in ids.Distinct())
        {
            perBatch[int.Parse(id.AsSpan(1, id.IndexOf('-', StringComparison.Ordinal) - 1), CultureInfo.InvariantCulture)]++;
        }

        return perBatch;
    }

    /// <summary>A Standard Webhooks sender: one webhook-id per batch, a fresh signature on every attempt.</summary>
    private sealed class Sender(TestIntegration integration, byte[] key, byte[][] bodies)
    {
        private int _acknowledged;
        private int _inFlight;

        public bool[] Acknowledged { get; } = new bool[bodies.Length];

        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>Completed when the <see cref="AcknowledgedBeforeKill"/>th delivery is acknowledged.</summary>
        public TaskCompletionSource ThirdAcknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task TrySendAsync(HttpClient http, int batch, CancellationToken ct)
        {
            using var request = SignedDelivery.Create(key, bodies[batch], $"msg_crash_{integration.Id:N}_{batch}", DateTimeOffset.UtcNow, integration.Id);
            Interlocked.Increment(ref _inFlight);
            try
            {
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                {
                    Volatile.Write(ref Acknowledged[batch], true);
                    if (Interlocked.Increment(ref _acknowledged) == AcknowledgedBeforeKill)
                    {
                        ThirdAcknowledged.TrySetResult();
                    }
                }
            }
            catch (Exception e) when (ServerProcess.IsConnectionFailure(e) || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Not acknowledged: the sender will retry it.
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private ServerProcess Start(int port)
    {
        var start = ServerProcess.StartInfo(app, port);
        start.Environment["Integrations__RateLimitRequests"] = "100000";
        start.Environment["Notifications__RunDispatcher"] = "false";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return ServerProcess.Start(start);
    }
}
