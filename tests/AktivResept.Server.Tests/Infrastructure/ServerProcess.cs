using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>
/// The built server run as a real separate process, for what an in-process host cannot show (a kill mid-ingestion, a
/// deployment starting up). It is configured from a test host's settings and keeps its first output lines for the
/// failure message.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private const int KeptLines = 200;
    private readonly ConcurrentQueue<string> _log = new();

    private ServerProcess(ProcessStartInfo start)
    {
        Process = Process.Start(start)!;
        Process.OutputDataReceived += (_, e) => Keep(e.Data);
        Process.ErrorDataReceived += (_, e) => Keep(e.Data);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public IReadOnlyCollection<string> Log => _log;

    /// <summary>How to start the server on <paramref name="port"/> with <paramref name="app"/>'s settings (database, keys, clock-free jobs).</summary>
    public static ProcessStartInfo StartInfo(AktivApiFactory app, int port)
    {
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

        return start;
    }

    public static ServerProcess Start(ProcessStartInfo start) => new(start);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A failed or cut connection. Besides <see cref="HttpRequestException"/> and <see cref="IOException"/>,
    /// SocketsHttpHandler lets a bare <see cref="SocketException"/> escape when the peer dies between connect and
    /// reading the remote end point ("Transport endpoint is not connected"), which a kill can cause.
    /// </summary>
    public static bool IsConnectionFailure(Exception e) => e is HttpRequestException or IOException or SocketException;

    /// <summary>Polls <paramref name="path"/> until it answers 200 and returns the body; fails with the log if the process exits or the budget ends.</summary>
    public async Task<string> WaitUntilOkAsync(HttpClient http, string path, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                Process.HasExited.ShouldBeFalse($"the server exited ({(Process.HasExited ? Process.ExitCode : 0)}):\n{string.Join('\n', _log)}");
                try
                {
                    using var response = await http.GetAsync(path, ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return await response.Content.ReadAsStringAsync(ct);
                    }
                }
                catch (Exception e) when (IsConnectionFailure(e))
                {
                }

                // Polling a process that is starting up: the interval only paces the retries.
                await Task.Delay(200, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The server did not answer 200 on {path} within the test budget:\n" + string.Join('\n', _log));
        }
    }

    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null && _log.Count < KeptLines)
        {
            _log.Enqueue(line);
        }
    }
}
