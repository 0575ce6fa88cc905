using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using Microsoft.IdentityModel.Tokens;

namespace AktivResept.Benchmarks;

/// <summary>
/// The real server as its own process (<c>dotnet AktivResept.Server.dll</c>, a Release build or publish output), so a
/// start is a real cold start: a new runtime, JIT or ReadyToRun code, the EF model and every first request.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail;

    private ServerProcess(Process process, Uri address, long startedAt, Queue<string> tail)
    {
        _process = process;
        _tail = tail;
        Address = address;
        StartedAt = startedAt;
    }

    public Uri Address { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartedAt { get; }

    public int Id => _process.Id;

    /// <summary>CPU time the server process has used so far (user + system), from /proc.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>A fresh signing key, person-data keys and key-ring key, for the in-process seeding host and the process alike.</summary>
    public static Dictionary<string, string> NewKeys() => new()
    {
        ["Auth:DevelopmentSigningKey"] = DevelopmentSecrets.NewKey(),
        ["Security:PersonDataKey"] = DevelopmentSecrets.NewKey(),
        ["Security:PersonLookupKey"] = DevelopmentSecrets.NewKey(),
        [SharedKeyRing.KeyEncryptionKey] = DevelopmentSecrets.NewKey(),
    };

    /// <summary>
    /// One identity provider configured, as production has (HelseID's test authority, a client key of this run's own):
    /// the sign-in page then lists it and answers 200, where a Benchmark instance with none answers "not found". The
    /// authority is never contacted: the page only names it, and only a click on it would fetch its metadata.
    /// </summary>
    public static Dictionary<string, string> SignInProvider()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(key) { KeyId = "bench" });
        return new Dictionary<string, string>
        {
            ["Authentication__HelseId__Authority"] = "https://helseid-sts.test.nhn.no",
            ["Authentication__HelseId__ClientId"] = "aktivresept-bench",
            ["Authentication__HelseId__Jwk"] = JsonSerializer.Serialize(new Dictionary<string, string?>
            {
                ["kty"] = jwk.Kty,
                ["kid"] = jwk.Kid,
                ["crv"] = jwk.Crv,
                ["x"] = jwk.X,
                ["y"] = jwk.Y,
                ["d"] = jwk.D,
            }),
        };
    }

    /// <summary>A development token for <paramref name="role"/>, signed with <paramref name="keys"/>' signing key, valid two hours.</summary>
    public static string Token(IReadOnlyDictionary<string, string> keys, string role, string? hpr = null, string? org = null) =>
        DevTokens.Mint(keys["Auth:DevelopmentSigningKey"], "aktivresept", role, hpr, org, null, null, TimeSpan.FromHours(2), DateTimeOffset.UtcNow);

    /// <summary>
    /// The process's settings on a migrated and seeded PostgreSQL database, as <see cref="BenchHost"/> has them: the
    /// Benchmark environment, development tokens signed with <paramref name="keys"/>' key, rate limits out of reach.
    /// </summary>
    public static Dictionary<string, string> PostgresEnvironment(string connection, IReadOnlyDictionary<string, string> keys)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Benchmark",
            ["AKTIVRESEPT_DATA"] = Directory.CreateTempSubdirectory("aktiv-bench-server-").FullName,
            ["Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__Default"] = connection,
            ["Auth__Mode"] = "Development",
            ["Identity__AllowTestIdentities"] = "true",
            ["Prescriptions__RunExpiryWorker"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["RateLimits__LookupsPerUser__PermitLimit"] = "1000000000",
            ["RateLimits__LookupsPerAddress__PermitLimit"] = "1000000000",
            ["RateLimits__WritesPerUser__PermitLimit"] = "1000000000",
            ["RateLimits__WritesPerAddress__PermitLimit"] = "1000000000",
        };
        foreach (var (key, value) in keys)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }

    public static ServerProcess Start(string serverDll, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(serverDll);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["Urls"] = address.ToString().TrimEnd('/');
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the server process.");
        // Drain its output so a chatty log never blocks it; keep the last lines for a failure message.
        var tail = new Queue<string>();
        void Keep(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(e.Data);
                if (tail.Count > 40)
                {
                    tail.Dequeue();
                }
            }
        }

        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, address, startedAt, tail);
    }

    /// <summary>
    /// Polls <paramref name="path"/> every few milliseconds until it answers 200; returns the time since the process
    /// was started. Connection refused (Kestrel not listening yet) and 503 (not ready) are both "not yet".
    /// </summary>
    public async Task<TimeSpan> WaitForAsync(string path, TimeSpan timeout)
    {
        // No per-request timeout: under load the first answer may take long, and that is the figure.
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1) }) { BaseAddress = Address, Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = new CancellationTokenSource(timeout - Stopwatch.GetElapsedTime(StartedAt));
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(path, deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Stopwatch.GetElapsedTime(StartedAt);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{path} did not answer 200 within {timeout}:\n{Tail()}");
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode} before {path} answered 200:\n{Tail()}");
            }

            await Task.Delay(5, deadline.Token);
        }
    }

    private string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }

    /// <summary>SIGTERM (a graceful stop, as an orchestrator does), then SIGKILL if it has not ended in 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
