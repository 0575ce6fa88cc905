using System.Net;
using System.Net.Sockets;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// Turns a host name into addresses for <see cref="OutboundEndpoints"/>: the one seam between the outbound rule and
/// DNS, so tests can make a name resolve to a public address at registration and to loopback at connect time.
/// </summary>
public interface IHostResolver
{
    /// <summary>The name's addresses; empty when it does not resolve.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

/// <summary>The system resolver (getaddrinfo): what a socket would have connected to.</summary>
public sealed class SystemHostResolver : IHostResolver
{
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
