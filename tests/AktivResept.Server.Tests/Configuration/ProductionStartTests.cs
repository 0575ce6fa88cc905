using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;

namespace AktivResept.Server.Tests.Configuration;

/// <summary>
/// The other half of failing fast: the real server process in Production, given every setting a deployment must name,
/// starts, listens and reports ready. (The OIDC authority is never contacted: no request carries a bearer token.)
/// </summary>
public sealed class ProductionStartTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Production_that_names_every_setting_starts_and_is_ready()
    {
        using var budget = new CancellationTokenSource(TestBudget.TwoNodes);
        var keys = Path.Combine(Path.GetTempPath(), $"aktiv-dp-{Guid.NewGuid():N}");
        var port = FreePort();
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AktivResept.Server.dll"), "--urls", $"http://127.0.0.1:{port}"])
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

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__Mode"] = "Oidc";
        start.Environment["Auth__Authority"] = "https://helseid.example.test";
        start.Environment.Remove("Auth__DevelopmentSigningKey");
        start.Environment["Identity__AllowTestIdentities"] = "false";
        start.Environment["DataProtection__KeyPath"] = keys;
        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, e) => Keep(log, e.Data);
        server.ErrorDataReceived += (_, e) => Keep(log, e.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = await ReadyAsync(http, server, log, budget.Token);

            ready.ShouldBe("Healthy");
            (await http.GetAsync("/health/live", budget.Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
            log.ShouldNotContain(l => l.StartsWith("Refusing to start", StringComparison.Ordinal));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
            if (Directory.Exists(keys))
            {
                Directory.Delete(keys, recursive: true);
            }
        }
    }

    private static async Task<string> ReadyAsync(HttpClient http, Process server, System.Collections.Concurrent.ConcurrentQueue<string> log, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                server.HasExited.ShouldBeFalse($"the server exited ({(server.HasExited ? server.ExitCode : 0)}):\n{string.Join('\n', log)}");
                try
                {
                    using var response = await http.GetAsync("/health/ready", ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return await response.Content.ReadAsStringAsync(ct);
                    }
                }
                catch (HttpRequestException)
                {
                }

                // Polling a process that is starting up: the interval only paces the retries.
                await Task.Delay(200, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw new TimeoutException("The server did not become ready within the test budget:\n" + string.Join('\n', log));
        }
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> log, string? line)
    {
        if (line is not null && log.Count < 200)
        {
            log.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
