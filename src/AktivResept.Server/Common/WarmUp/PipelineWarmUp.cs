using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.WarmUp;

/// <summary>
/// One GET per <see cref="WarmUpOptions.Paths"/> to the instance's own loopback address: Kestrel, the middleware,
/// routing, the Blazor renderer, JSON and the FHIR serialiser all run once. Hosts without a socket (the test server)
/// have no address and skip it.
/// </summary>
internal sealed class PipelineWarmUp(IServer server, IOptions<WarmUpOptions> options) : IWarmUpStep
{
    public string Name => "pipeline";

    public bool NeedsListeningServer => true;

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        if (LoopbackAddress(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []) is not { } address)
        {
            return;
        }

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        // All at once: each path's first run is mostly the JIT's work, which the second core halves.
        await Task.WhenAll(options.Value.Paths.Select(path => GetAsync(http, path, ct)));
    }

    private static async Task GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>The first plain-HTTP address, with a wildcard host (<c>+</c>, <c>*</c>, 0.0.0.0, [::]) as loopback.</summary>
    internal static Uri? LoopbackAddress(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            var normalised = address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
            if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                continue;
            }

            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
            return new UriBuilder(uri) { Host = host, Path = "/" }.Uri;
        }

        return null;
    }
}
