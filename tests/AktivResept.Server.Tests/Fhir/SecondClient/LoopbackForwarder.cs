using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AktivResept.Server.Tests.Fhir.SecondClient;

/// <summary>
/// A real HTTP listener on a loopback port that hands every request, unchanged (method, path, query, headers with the
/// caller's own token, body), to the in-memory test server and copies the answer back: so a client in another process
/// can talk to the app under test, with its controllable clock and database.
/// </summary>
public sealed class LoopbackForwarder : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly WebApplication _listener;

    private LoopbackForwarder(WebApplication listener, string baseUrl)
    {
        _listener = listener;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<LoopbackForwarder> StartAsync(HttpClient target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var listener = builder.Build();
        listener.Run(async context =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
            var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
            if (hasBody)
            {
                var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                body.Position = 0;
                request.Content = new StreamContent(body);
            }

            foreach (var (name, values) in context.Request.Headers)
            {
                if (HopByHop.Contains(name))
                {
                    continue;
                }

                if (!request.Headers.TryAddWithoutValidation(name, values.ToString()))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, values.ToString());
                }
            }

            using var response = await target.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body);
        });
        await listener.StartAsync();
        var address = listener.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackForwarder(listener, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.StopAsync();
        await _listener.DisposeAsync();
    }
}
