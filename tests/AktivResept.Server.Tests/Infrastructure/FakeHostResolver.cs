using System.Collections.Concurrent;
using System.Net;
using AktivResept.Server.Common.Security;

namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>
/// DNS for the test host: tests never ask the real resolver. The reserved example domains (RFC 2606) resolve to one
/// public address; a test maps any other name, and may change the answer between registration and delivery.
/// </summary>
public sealed class FakeHostResolver : IHostResolver
{
    /// <summary>A public address (example.org's); nothing connects to it, since tests that deliver map their own names.</summary>
    public static readonly IPAddress PublicAddress = IPAddress.Parse("93.184.215.14");

    private static readonly string[] ExampleDomains = ["example.org", "example.com", "example.net"];

    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every name asked, in order: a test can see that a connection asked again rather than trusting registration.</summary>
    public ConcurrentQueue<string> Lookups { get; } = new();

    public void Map(string host, params IPAddress[] addresses) => _names[host] = addresses;

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        Lookups.Enqueue(host);
        var name = host.TrimEnd('.');
        if (_names.TryGetValue(name, out var addresses))
        {
            return Task.FromResult(addresses);
        }

        var example = ExampleDomains.Any(d => name.Equals(d, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult<IPAddress[]>(example ? [PublicAddress] : []);
    }
}
