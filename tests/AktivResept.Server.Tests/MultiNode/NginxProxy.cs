using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.MultiNode;

/// <summary>
/// nginx from Debian's package (test.sh installs it when missing) as the TLS-terminating reverse proxy in front of app
/// nodes: round-robin, no retry on the other node (every request is answered by exactly one, named in the
/// <c>X-Upstream</c> response header), <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> as a deployment sets them. It
/// runs from a throwaway folder with its own configuration and a self-signed certificate made here, on a free
/// loopback port, as <c>nobody</c> when the tests run as root, and is killed and deleted on dispose.
/// </summary>
public sealed class NginxProxy : IDisposable
{
    public const string Binary = "/usr/sbin/nginx";
    public const string UpstreamHeader = "X-Upstream";

    /// <summary>The address nginx connects to the nodes from: the one proxy the nodes trust (ForwardedHeaders:KnownProxies).</summary>
    public static readonly IPAddress Address = IPAddress.Loopback;

    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _folder;
    private readonly string _thumbprint;
    private readonly Process _process;

    private NginxProxy(string folder, int port, string thumbprint, ProcessStartInfo start)
    {
        _folder = folder;
        Port = port;
        _thumbprint = thumbprint;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"https://127.0.0.1:{Port}");

    public string Log => string.Join('\n', _log);

    /// <summary>Starts nginx in front of the nodes on <paramref name="nodePorts"/>; it answers once a node behind it does.</summary>
    public static NginxProxy Start(IReadOnlyList<int> nodePorts)
    {
        File.Exists(Binary).ShouldBeTrue($"{Binary} is missing: install Debian's nginx-light (./test.sh does, as root)");
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"aktiv-nginx-{Guid.NewGuid():N}")).FullName;
        // nginx runs as nobody when we are root: it must write its pid and buffers here. A throwaway test folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        }

        var thumbprint = WriteCertificate(folder);
        var port = ServerProcess.FreePort();
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), Configuration(folder, port, nodePorts));

        var arguments = new List<string> { Binary, "-e", "stderr", "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;" };
        var start = new ProcessStartInfo(arguments[0], arguments[1..]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Environment.UserName == "root" && File.Exists("/usr/bin/setpriv"))
        {
            start = new ProcessStartInfo("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", .. arguments])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
        }

        return new NginxProxy(folder, port, thumbprint, start);
    }

    /// <summary>
    /// A client of the proxy over HTTPS (trusting only this proxy's certificate), connecting from
    /// <paramref name="from"/> (any 127.0.0.0/8 address: each is a different client to nginx), with its own cookie jar,
    /// not following redirects.
    /// </summary>
    public HttpClient Client(IPAddress from)
    {
        var handler = LocalHandler(from);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), _thumbprint, StringComparison.OrdinalIgnoreCase),
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
    }

    /// <summary>A handler whose connections leave from <paramref name="from"/>, with a cookie jar, not following redirects.</summary>
    public static SocketsHttpHandler LocalHandler(IPAddress from) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Polls through the proxy until a node answers <paramref name="path"/> with 200; fails with nginx's log if it exits.</summary>
    public async Task WaitUntilOkAsync(string path, CancellationToken ct)
    {
        using var http = Client(IPAddress.Loopback);
        try
        {
            while (true)
            {
                _process.HasExited.ShouldBeFalse($"nginx exited:\n{Log}");
                try
                {
                    using var response = await http.GetAsync(path, ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (Exception e) when (ServerProcess.IsConnectionFailure(e))
                {
                }

                // Polling a process that is starting up: the interval only paces the retries.
                await Task.Delay(100, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw new TimeoutException($"nginx did not answer 200 on {path} within the test budget:\n{Log}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string Configuration(string folder, int port, IReadOnlyList<int> nodePorts) => $$"""
        worker_processes 1;
        error_log stderr warn;
        pid {{folder}}/nginx.pid;
        events { worker_connections 256; }
        http {
            access_log off;
            client_body_temp_path {{folder}}/body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;
            upstream aktivresept {
        {{string.Concat(nodePorts.Select(p => $"        server 127.0.0.1:{p} max_fails=0;\n"))}}    }
            server {
                listen 127.0.0.1:{{port}} ssl;
                ssl_certificate {{folder}}/proxy.crt;
                ssl_certificate_key {{folder}}/proxy.key;
                location / {
                    proxy_pass http://aktivresept;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_bind {{Address}};
                    proxy_set_header Host $host;
                    # As README "Production" says: only the address nginx saw, and the scheme the client used.
                    proxy_set_header X-Forwarded-For $remote_addr;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    # A request is answered by the node it was sent to, or fails: never silently sent to the other.
                    proxy_next_upstream off;
                    proxy_read_timeout 120s;
                    add_header {{UpstreamHeader}} $upstream_addr always;
                }
            }
        }
        """;

    /// <summary>A throwaway self-signed certificate for 127.0.0.1, as PEM files nginx reads; returns its thumbprint.</summary>
    private static string WriteCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "proxy.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "proxy.key"), key.ExportPkcs8PrivateKeyPem());
        return certificate.Thumbprint;
    }

    private void Keep(string? line)
    {
        if (line is not null && _log.Count < 200)
        {
            _log.Enqueue(line);
        }
    }
}
