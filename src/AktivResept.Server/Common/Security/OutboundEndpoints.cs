using System.Net;
using System.Net.Sockets;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Network;
using AktivResept.Server.Common.Http;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// The one rule for URLs the system will POST to (issue 20, item 1: SSRF). An endpoint is an absolute https URL
/// (http only where <see cref="OutboundOptions.AllowHttp"/>) without user info or fragment, whose host is, and resolves
/// only to, public addresses (<see cref="InternetAddress.Classify"/>), unless the operator allow-listed the host or its
/// network. It is judged when registered (<see cref="CheckAsync"/>) and again at every connection
/// (<see cref="CreateHandler"/>): the handler resolves the name itself, refuses if any address is not allowed (a name
/// that was public at registration may since resolve to 127.0.0.1), and connects to exactly the address it vetted.
/// </summary>
public sealed class OutboundEndpoints(IHostResolver resolver, IOptions<OutboundOptions> options, ILogger<OutboundEndpoints> logger)
{
    /// <summary>A registration waits at most this long for DNS; a name that does not answer in time is refused.</summary>
    private static readonly TimeSpan ResolveBudget = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _allowedHosts = new(options.Value.AllowedHosts.Select(h => h.Trim().TrimEnd('.')), StringComparer.OrdinalIgnoreCase);

    private readonly IPNetwork[] _allowedNetworks =
        [.. options.Value.AllowedNetworks.Select(n => OutboundOptions.TryParseNetwork(n.Trim(), out var network) ? network : throw new OptionsValidationException(OutboundOptions.Section, typeof(OutboundOptions), [$"Outbound:AllowedNetworks: '{n}' is no network."]))];

    /// <summary>Null when the endpoint may be registered; otherwise why not (the caller names the field).</summary>
    public async Task<Error?> CheckAsync(string? endpoint, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return ApiErrorCodes.EndpointRequired;
        }

        if (endpoint.Length > 2000)
        {
            return ErrorCodes.MaxLength.With(("max", 2000));
        }

        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
            !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return ApiErrorCodes.EndpointUrl;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && options.Value.AllowHttp != true)
        {
            return ApiErrorCodes.OutboundHttpsRequired;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(ResolveBudget);
        try
        {
            return await VetAsync(uri.IdnHost, budget.Token) is null ? ApiErrorCodes.OutboundNotPublic.With() : null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ApiErrorCodes.OutboundNotPublic;
        }
    }

    /// <summary>
    /// The primary handler of every HTTP client that POSTs to registered endpoints: the rule again at connect time,
    /// no redirects (a 3xx is a failed delivery, never followed), and no proxy (a proxy would resolve the name itself).
    /// </summary>
    public SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = connectTimeout,
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var target = context.DnsEndPoint;
        if (await VetAsync(target.Host, ct) is not { } addresses)
        {
            logger.LogWarning("Outbound connection to {Host} refused: it does not resolve, or resolves to an address that is not public and not allowed", target.Host);
            throw new HttpRequestException(HttpRequestError.ConnectionError, "The endpoint's address is not allowed.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, target.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The addresses a host may be reached at, or null when it may not be reached at all.</summary>
    private async Task<IPAddress[]?> VetAsync(string host, CancellationToken ct)
    {
        var name = host.Trim('[', ']');
        if (name.Length == 0)
        {
            return null;
        }

        var literal = InternetAddress.ParseLiteral(name);
        if (literal is null && InternetAddress.IsLoopbackName(name) && !_allowedHosts.Contains(name.TrimEnd('.')))
        {
            return null;
        }

        var addresses = literal is not null ? [literal] : await resolver.ResolveAsync(name, ct);
        if (addresses.Length == 0)
        {
            return null;
        }

        // One address that is not allowed refuses the name: the socket could pick any of them.
        return _allowedHosts.Contains(name.TrimEnd('.')) || addresses.All(Allowed) ? addresses : null;
    }

    private bool Allowed(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return InternetAddress.Classify(plain) == AddressKind.Public || _allowedNetworks.Any(n => n.Contains(plain));
    }
}
