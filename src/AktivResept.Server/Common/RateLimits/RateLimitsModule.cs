using System.Net;
using AktivResept.Server.Common.Jobs;
using Microsoft.AspNetCore.HttpOverrides;

namespace AktivResept.Server.Common.RateLimits;

/// <summary>
/// Rate limits shared across app nodes (issue 20, item 5; see docs/security.md): counters in the database, keyed by a
/// hash of the user or client address, and the client address taken from X-Forwarded-For only when the request came
/// through a known proxy (<c>ForwardedHeaders:KnownProxies</c>, <c>ForwardedHeaders:KnownNetworks</c>; loopback when unset).
/// </summary>
public static class RateLimitsModule
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<RateLimitPartitions>();
        services.AddSingleton<RateLimitLeases>();
        services.AddScoped<RateLimitCounters>();
        services.AddPeriodicJob<RateLimitCleanupJob, RateLimitOptions>(o => PeriodicJobSchedule.Every(o.RunCleanupJob, o.CleanupIntervalSeconds));
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // The client address for the limits, and the scheme where TLS ends at the proxy: HSTS, Secure cookies and
            // antiforgery must see the request as the HTTPS it was. Both only from a known proxy.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the address nginx saw: X-Forwarded-For entries further left were written by the client and prove nothing.
            forwarded.ForwardLimit = 1;
            var proxies = List(configuration.GetSection("ForwardedHeaders:KnownProxies"));
            var networks = List(configuration.GetSection("ForwardedHeaders:KnownNetworks"));
            if (proxies.Count + networks.Count > 0)
            {
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                proxies.ForEach(p => forwarded.KnownProxies.Add(IPAddress.Parse(p)));
                networks.ForEach(n => forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n)));
            }
        });
        return services;
    }

    /// <summary>First in the pipeline: every later step sees the real client address and scheme.</summary>
    public static WebApplication UseForwardedClientAddress(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    /// <summary>After authentication (the limiter needs the user), before authorization and the endpoints.</summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        app.UseMiddleware<RateLimitMiddleware>();
        return app;
    }

    /// <summary>A list setting, as an array (<c>…:KnownProxies:0</c>) or one comma-separated value (handy in environment variables).</summary>
    private static List<string> List(IConfigurationSection setting) =>
        [.. setting.GetChildren().Select(c => c.Value).Append(setting.Value)
            .SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
