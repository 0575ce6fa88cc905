using System.Net;
using System.Text.RegularExpressions;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// The app with low rate limits, a known proxy at <see cref="Proxy"/>, and the connection's peer address taken from a
/// test header (as if the request arrived from that address), so tests can be several clients.
/// </summary>
public sealed partial class RateLimitApp : AktivApiFactory
{
    public const int WritesPerUser = 3;
    public const int LookupsPerUser = 6;
    public const int SignInsPerAddress = 3;
    public const int SignInsPerAccount = 4;
    public const int DeliveriesPerIntegration = 2;
    public const int WriteWindowSeconds = 60;
    public const int LookupWindowSeconds = 3600;
    public const int SignInWindowSeconds = 300;
    public const string Proxy = "10.0.0.1";

    private const string PeerHeader = "X-Test-Peer";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:WritesPerUser:PermitLimit"] = $"{WritesPerUser}",
        ["RateLimits:WritesPerUser:WindowSeconds"] = $"{WriteWindowSeconds}",
        ["RateLimits:WritesPerAddress:PermitLimit"] = "1000",
        ["RateLimits:LookupsPerUser:PermitLimit"] = $"{LookupsPerUser}",
        ["RateLimits:LookupsPerUser:WindowSeconds"] = $"{LookupWindowSeconds}",
        ["RateLimits:LookupsPerAddress:PermitLimit"] = "1000",
        ["RateLimits:SignInPerAddress:PermitLimit"] = $"{SignInsPerAddress}",
        ["RateLimits:SignInPerAddress:WindowSeconds"] = $"{SignInWindowSeconds}",
        ["RateLimits:SignInPerAccount:PermitLimit"] = $"{SignInsPerAccount}",
        ["RateLimits:SignInPerAccount:WindowSeconds"] = $"{SignInWindowSeconds}",
        ["ForwardedHeaders:KnownProxies"] = Proxy,
        ["Integrations:RateLimitRequests"] = $"{DeliveriesPerIntegration}",
        ["Integrations:RateLimitWindowSeconds"] = "3600",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new PeerFromHeader(this)));
    }

    /// <summary>Each request's path and the scheme the app saw once the pipeline had run.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Path, string Scheme)> SchemesSeen { get; } = new();

    /// <summary>A cookie-keeping browser-like client whose connection comes from <paramref name="peer"/>.</summary>
    public HttpClient ClientFrom(string peer, string? forwardedFor = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(PeerHeader, peer);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        return client;
    }

    /// <summary>Signs in on the development sign-in page as a person would: the page's antiforgery token, then the post.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string persona)
    {
        var page = await client.GetStringAsync("/logg-inn");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token)), new("persona", persona), new("returnUrl", "/")]);
        return await client.PostAsync("/konto/logg-inn", form);
    }

    /// <summary>The seconds left of the current window of the given length, on the app's clock.</summary>
    public int SecondsLeftInWindow(int windowSeconds) => windowSeconds - (int)(Clock.GetUtcNow().ToUnixTimeSeconds() % windowSeconds);

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private sealed class PeerFromHeader(RateLimitApp factory) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                await following(context);

                // What the app's pipeline (forwarded headers first) made of the request, for the scheme test.
                factory.SchemesSeen.Enqueue((context.Request.Path, context.Request.Scheme));
            });
            next(app);
        };
    }
}
