using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Webhooks;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Attendance;

/// <summary>
/// The server runs as a real separate process and is killed with SIGKILL in the middle of a sustained ingestion. The
/// sender retries every batch it did not get a 2xx for (same webhook-id and body, fresh signature), as a Standard
/// Webhooks sender does. Afterwards every event is stored exactly once: nothing acknowledged was lost, nothing doubled.
/// </summary>
public sealed class CrashRecoveryTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const int Batches = 60;
    private const int EventsPerBatch = 200;

    [Fact]
    public async Task No_acknowledged_event_is_lost_or_duplicated_when_the_server_is_killed_mid_ingestion()
    {
        var member = "crash-" + Guid.NewGuid().ToString("N")[..8];
        var integration = await app.CreateIntegrationAsync();
        var location = await app.OsloLocationAsync();
        var realToday = OsloCalendar.DateOf(DateTimeOffset.UtcNow);
        var prescription = await app.AcceptedPrescriptionAsync(member, start: realToday.AddDays(-20));
        StandardWebhookSignature.TryParseSecret(integration.Secret, out var key).ShouldBeTrue();
        var bodies = Enumerable.Range(0, Batches).Select(b => AttendanceKit.Batch([.. Enumerable.Range(0, EventsPerBatch).Select(i =>
            AttendanceKit.Event($"b{b}-e{i}", location, member, DateTimeOffset.UtcNow.AddDays(-(i % 14)).AddMinutes(-b)))])).ToArray();

        var port = FreePort();
        var server = Start(port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilUpAsync(http);
        var acknowledged = new bool[Batches];
        var killed = false;
        for (var b = 0; b < Batches; b++)
        {
            if (b == Batches / 3)
            {
                // Kill while the next deliveries are in flight, not between them.
                var inFlight = Enumerable.Range(b, 6).Select(i => TrySendAsync(http, integration, key, i, bodies[i], acknowledged)).ToList();
                await Task.Delay(15);
                server.Kill(entireProcessTree: true);
                killed = true;
                await Task.WhenAll(inFlight);
                await server.WaitForExitAsync();
                b += 5;
                continue;
            }

            await TrySendAsync(http, integration, key, b, bodies[b], acknowledged);
        }

        killed.ShouldBeTrue();
        acknowledged.Count(a => !a).ShouldBeGreaterThan(0, "the kill should have cut off some deliveries");
        var acknowledgedBeforeRestart = await app.QueryAsync(db => db.AttendanceRecords.CountAsync(a => a.SourceId == integration.Id));

        server = Start(port);
        await WaitUntilUpAsync(http);
        for (var b = 0; b < Batches; b++)
        {
            for (var attempt = 0; !acknowledged[b] && attempt < 5; attempt++)
            {
                await TrySendAsync(http, integration, key, b, bodies[b], acknowledged);
            }
        }

        server.Kill(entireProcessTree: true);
        acknowledged.ShouldAllBe(a => a);
        acknowledgedBeforeRestart.ShouldBeGreaterThanOrEqualTo(acknowledged.Take(Batches / 3).Count() * EventsPerBatch);
        (await app.QueryAsync(db => db.AttendanceRecords.CountAsync(a => a.SourceId == integration.Id))).ShouldBe(Batches * EventsPerBatch);
        (await app.QueryAsync(db => db.AttendanceRecords.Where(a => a.SourceId == integration.Id).Select(a => a.ExternalId).Distinct().CountAsync())).ShouldBe(Batches * EventsPerBatch);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(Batches * EventsPerBatch);
    }

    private static async Task TrySendAsync(HttpClient http, TestIntegration integration, byte[] key, int batch, byte[] body, bool[] acknowledged)
    {
        var webhookId = $"msg_crash_{integration.Id:N}_{batch}";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/integrations/attendance?integration={integration.Id}")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add(StandardWebhookSignature.IdHeader, webhookId);
        request.Headers.Add(StandardWebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(key, webhookId, timestamp, body));
        try
        {
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                acknowledged[batch] = true;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            // Not acknowledged: the sender will retry it.
        }
    }

    private Process Start(int port)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "AktivResept.Server.dll");
        var start = new ProcessStartInfo("dotnet", [serverDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (name, value) in app.HostSettings)
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Integrations__RateLimitRequests"] = "100000";
        start.Environment["Notifications__RunDispatcher"] = "false";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    private void Log(string? line)
    {
        if (line is not null && _log.Count < 200)
        {
            _log.Enqueue(line);
        }
    }

    private async Task WaitUntilUpAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The server process did not start within 60 seconds:\n" + string.Join('\n', _log));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
