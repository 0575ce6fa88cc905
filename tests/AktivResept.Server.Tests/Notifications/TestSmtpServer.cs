using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free loopback port, standing in for the mail relay: it requires
/// a login, answers each message's DATA with whatever reply the test sets, and keeps the messages it accepted.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    public const string User = "relay";
    public const string Password = "relay-secret";

    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private int _tries;

    private TestSmtpServer(SmtpServer.SmtpServer server, Task running, int port)
    {
        _server = server;
        _running = running;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The reply code for the next message (called once per message): 250 accepts it, 4xx/5xx refuse it.</summary>
    public Func<int> Answer { get; set; } = () => 250;

    /// <summary>Messages offered, accepted or not.</summary>
    public int Tries => Volatile.Read(ref _tries);

    public ConcurrentQueue<MimeMessage> Accepted { get; } = new();

    public static async Task<TestSmtpServer> StartAsync()
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).AuthenticationRequired(true).AllowUnsecureAuthentication(true))
            .Build();

        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Login());
        TestSmtpServer? self = null;
        services.Add(new Store(() => self!));
        var server = new SmtpServer.SmtpServer(options, services);
        var running = server.StartAsync(CancellationToken.None);
        var port = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        self = new TestSmtpServer(server, running, port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _server.ShutdownTask.WaitAsync(TimeSpan.FromSeconds(30));
        await _running;
    }

    private sealed class Login : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken) =>
            Task.FromResult(user == User && password == Password);
    }

    private sealed class Store(Func<TestSmtpServer> server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var owner = server();
            Interlocked.Increment(ref owner._tries);
            var code = owner.Answer();
            if (code != 250)
            {
                return new SmtpResponse((SmtpReplyCode)code, "Refused by the test");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            owner.Accepted.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
