using System.Collections.Concurrent;
using AktivResept.Server.Common.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>
/// A real HTTP receiver on a loopback port (Kestrel), standing in for a referrer's system: it records every request
/// as received and answers with whatever status the test sets.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The status to answer the next request with (called once per request).</summary>
    public Func<int> Answer { get; set; } = () => 200;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public string Url { get; private set; } = string.Empty;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var status = receiver.Answer();
            receiver.Received.Enqueue(new ReceivedRequest(
                request.Headers[StandardWebhookSignature.IdHeader].ToString(),
                long.TryParse(request.Headers[StandardWebhookSignature.TimestampHeader], out var ts) ? ts : 0,
                request.Headers[StandardWebhookSignature.SignatureHeader].ToString(),
                buffer.ToArray(),
                request.ContentType,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                status));
            if (status is >= 300 and < 400)
            {
                // Back to the URL it was called by: a client that followed the redirect would be seen posting twice.
                request.HttpContext.Response.Headers.Location = $"{request.Scheme}://{request.Host}{request.Path}";
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address}/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string Id, long Timestamp, string Signature, byte[] Body, string? ContentType, IReadOnlyDictionary<string, string> Headers, int AnsweredWith)
{
    /// <summary>Verifies the Standard Webhooks signature over exactly the bytes that arrived.</summary>
    public bool SignedWith(string secret) =>
        StandardWebhookSignature.TryParseSecret(secret, out var key) && StandardWebhookSignature.Matches([key], Id, Timestamp, Body, Signature);
}
