using System.Net;

namespace AktivResept.Domain.Network;

/// <summary>Where an IP address leads: only <see cref="Public"/> is on the public internet.</summary>
public enum AddressKind
{
    Public,

    /// <summary>0.0.0.0/8 and <c>::</c>: "this host"; connecting to it reaches the local machine.</summary>
    Unspecified,

    /// <summary>127.0.0.0/8, <c>::1</c>, and the name <c>localhost</c>.</summary>
    Loopback,

    /// <summary>10/8, 172.16/12, 192.168/16, fc00::/7 (unique local), fec0::/10 (old site-local), 64:ff9b:1::/48 (local NAT64).</summary>
    Private,

    /// <summary>169.254/16 (where cloud metadata services answer) and fe80::/10.</summary>
    LinkLocal,

    /// <summary>100.64/10: carrier-grade NAT, the provider's own network.</summary>
    SharedAddressSpace,

    /// <summary>224/4 and ff00::/8.</summary>
    Multicast,

    /// <summary>255.255.255.255.</summary>
    Broadcast,

    /// <summary>Special-purpose blocks never used by a receiver: protocol assignments, documentation, benchmarking, 240/4, Teredo, discard.</summary>
    Reserved,
}

/// <summary>
/// Judges the address an outbound request would connect to (issue 20: SSRF). Pure: resolving names is the server's
/// job (<c>Common/Security/OutboundEndpoints</c>), which then asks <see cref="Classify"/> of every address it got.
/// IPv6 forms that carry an IPv4 address (IPv4-mapped <c>::ffff:a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c>, 6to4
/// <c>2002::/16</c>) are judged by the IPv4 address inside, so <c>[::ffff:127.0.0.1]</c> is loopback.
/// </summary>
public static class InternetAddress
{
    private static readonly (IPNetwork Network, AddressKind Kind)[] V4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), AddressKind.Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), AddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressKind.SharedAddressSpace),
        (IPNetwork.Parse("127.0.0.0/8"), AddressKind.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), AddressKind.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), AddressKind.Private),
        (IPNetwork.Parse("192.0.0.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.88.99.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), AddressKind.Private),
        (IPNetwork.Parse("198.18.0.0/15"), AddressKind.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), AddressKind.Multicast),
        (IPNetwork.Parse("255.255.255.255/32"), AddressKind.Broadcast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressKind.Reserved),
    ];

    private static readonly (IPNetwork Network, AddressKind Kind)[] V6 =
    [
        (IPNetwork.Parse("::/128"), AddressKind.Unspecified),
        (IPNetwork.Parse("::1/128"), AddressKind.Loopback),
        (IPNetwork.Parse("::/96"), AddressKind.Reserved),
        (IPNetwork.Parse("64:ff9b:1::/48"), AddressKind.Private),
        (IPNetwork.Parse("100::/64"), AddressKind.Reserved),
        (IPNetwork.Parse("2001::/23"), AddressKind.Reserved),
        (IPNetwork.Parse("2001:db8::/32"), AddressKind.Reserved),
        (IPNetwork.Parse("3fff::/20"), AddressKind.Reserved),
        (IPNetwork.Parse("fc00::/7"), AddressKind.Private),
        (IPNetwork.Parse("fe80::/10"), AddressKind.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), AddressKind.Private),
        (IPNetwork.Parse("ff00::/8"), AddressKind.Multicast),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public static AddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return Classify(address.MapToIPv4());
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return Lookup(V4, address);
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return Classify(new IPAddress(bytes.AsSpan(12, 4)));
        }

        if (SixToFour.Contains(address))
        {
            return Classify(new IPAddress(bytes.AsSpan(2, 4)));
        }

        // Without its scope: fe80::1%eth0 is still link-local.
        return Lookup(V6, address.ScopeId == 0 ? address : new IPAddress(bytes));
    }

    /// <summary>
    /// The address a URL host names without asking DNS, read as the system's resolver reads it: dotted decimal and
    /// every legacy IPv4 spelling (<c>2130706433</c>, <c>0x7f.1</c>, <c>0177.0.0.1</c>, <c>127.1</c>), an IPv6
    /// literal with or without brackets and zone, and a trailing root dot. Null for a name.
    /// </summary>
    public static IPAddress? ParseLiteral(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var literal = host.EndsWith('.') ? host[..^1] : host;
        if (literal.StartsWith('[') && literal.EndsWith(']'))
        {
            literal = literal[1..^1];
        }

        // IPAddress reads the same inet_aton forms as glibc's resolver; a spelling only the resolver would read as a
        // number is still judged, since names are resolved by it and every address it answers is classified.
        return literal.Length > 0 && IPAddress.TryParse(literal, out var address) ? address : null;
    }

    /// <summary><c>localhost</c> and any <c>*.localhost</c> name are loopback by definition (RFC 6761), whatever DNS says.</summary>
    public static bool IsLoopbackName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static AddressKind Lookup((IPNetwork Network, AddressKind Kind)[] table, IPAddress address)
    {
        foreach (var (network, kind) in table)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }

        return AddressKind.Public;
    }
}
