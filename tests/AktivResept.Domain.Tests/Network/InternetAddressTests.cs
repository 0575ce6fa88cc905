using System.Net;
using AktivResept.Domain.Network;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Network;

public class InternetAddressTests
{
    // Every way a URL host can spell an internal address without DNS: the resolver reads each as a number.
    [Theory]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("2130706433", AddressKind.Loopback)]
    [InlineData("0x7f.1", AddressKind.Loopback)]
    [InlineData("0x7f000001", AddressKind.Loopback)]
    [InlineData("0x7f.0x0.0x0.0x1", AddressKind.Loopback)]
    [InlineData("0177.0.0.1", AddressKind.Loopback)]
    [InlineData("017700000001", AddressKind.Loopback)]
    [InlineData("127.1", AddressKind.Loopback)]
    [InlineData("127.0.0.1.", AddressKind.Loopback)]
    [InlineData("127.255.255.254", AddressKind.Loopback)]
    [InlineData("[::1]", AddressKind.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("[::ffff:7f00:1]", AddressKind.Loopback)]
    [InlineData("[0:0:0:0:0:ffff:127.0.0.1]", AddressKind.Loopback)]
    [InlineData("169.254.169.254", AddressKind.LinkLocal)]
    [InlineData("0xa9fea9fe", AddressKind.LinkLocal)]
    [InlineData("2852039166", AddressKind.LinkLocal)]
    [InlineData("[::ffff:169.254.169.254]", AddressKind.LinkLocal)]
    [InlineData("[fe80::1]", AddressKind.LinkLocal)]
    [InlineData("fe80::1%25eth0", AddressKind.LinkLocal)]
    [InlineData("10.0.0.1", AddressKind.Private)]
    [InlineData("10.1", AddressKind.Private)]
    [InlineData("012.0.0.1", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("0xc0.0xa8.1.1", AddressKind.Private)]
    [InlineData("[fc00::1]", AddressKind.Private)]
    [InlineData("[fd12:3456::1]", AddressKind.Private)]
    [InlineData("[64:ff9b::10.0.0.1]", AddressKind.Private)]
    [InlineData("[2002:c0a8:101::1]", AddressKind.Private)]
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("0", AddressKind.Unspecified)]
    [InlineData("[::]", AddressKind.Unspecified)]
    [InlineData("100.64.0.1", AddressKind.SharedAddressSpace)]
    [InlineData("100.127.255.255", AddressKind.SharedAddressSpace)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("[ff02::1]", AddressKind.Multicast)]
    [InlineData("255.255.255.255", AddressKind.Broadcast)]
    [InlineData("240.0.0.1", AddressKind.Reserved)]
    [InlineData("198.18.0.1", AddressKind.Reserved)]
    [InlineData("[2001:db8::1]", AddressKind.Reserved)]
    [InlineData("[::127.0.0.1]", AddressKind.Reserved)]
    public void An_internal_address_is_judged_by_what_it_is_however_it_is_spelled(string host, AddressKind kind) =>
        InternetAddress.Classify(InternetAddress.ParseLiteral(host).ShouldNotBeNull()).ShouldBe(kind);

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("[2a00:1450:400f:80d::200e]")]
    [InlineData("[::ffff:8.8.8.8]")]
    [InlineData("[64:ff9b::8.8.8.8]")]
    public void A_public_address_is_public(string host) =>
        InternetAddress.Classify(InternetAddress.ParseLiteral(host).ShouldNotBeNull()).ShouldBe(AddressKind.Public);

    [Theory]
    [InlineData("ehr.example.org")]
    [InlineData("1.2.3.4.5")]
    [InlineData("08.0.0.1")]
    [InlineData("localhost")]
    [InlineData("")]
    public void A_name_is_no_literal_and_must_be_resolved(string host) =>
        InternetAddress.ParseLiteral(host).ShouldBeNull();

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST.", true)]
    [InlineData("api.localhost", true)]
    [InlineData("localhost.example.org", false)]
    [InlineData("mylocalhost", false)]
    public void Localhost_names_are_loopback_whatever_dns_says(string host, bool loopback) =>
        InternetAddress.IsLoopbackName(host).ShouldBe(loopback);

    [Property]
    public void Every_address_in_a_private_ipv4_range_is_private(byte b, byte c, byte d, byte which)
    {
        var address = (which % 3) switch
        {
            0 => new IPAddress([10, b, c, d]),
            1 => new IPAddress([172, (byte)(16 + (b % 16)), c, d]),
            _ => new IPAddress([192, 168, c, d]),
        };

        InternetAddress.Classify(address).ShouldBe(AddressKind.Private);
    }

    [Property]
    public void Every_loopback_and_link_local_ipv4_address_is_refused_as_such(byte b, byte c, byte d)
    {
        InternetAddress.Classify(new IPAddress([127, b, c, d])).ShouldBe(AddressKind.Loopback);
        InternetAddress.Classify(new IPAddress([169, 254, c, d])).ShouldBe(AddressKind.LinkLocal);
    }

    [Property]
    public void An_ipv4_address_inside_ipv6_is_judged_as_the_ipv4_address(byte a, byte b, byte c, byte d)
    {
        var v4 = new IPAddress([a, b, c, d]);
        var nat64 = new byte[16];
        nat64[1] = 0x64;
        nat64[2] = 0xff;
        nat64[3] = 0x9b;
        v4.GetAddressBytes().CopyTo(nat64, 12);
        var sixToFour = new byte[16];
        sixToFour[0] = 0x20;
        sixToFour[1] = 0x02;
        v4.GetAddressBytes().CopyTo(sixToFour, 2);

        var kind = InternetAddress.Classify(v4);
        InternetAddress.Classify(v4.MapToIPv6()).ShouldBe(kind);
        InternetAddress.Classify(new IPAddress(nat64)).ShouldBe(kind);
        InternetAddress.Classify(new IPAddress(sixToFour)).ShouldBe(kind);
    }

    [Property]
    public void Every_decimal_spelling_of_an_ipv4_address_reads_as_that_address(uint value)
    {
        var dotted = new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

        InternetAddress.ParseLiteral(value.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(dotted);
        InternetAddress.ParseLiteral("0x" + value.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(dotted);
        InternetAddress.ParseLiteral("0" + Convert.ToString(value, 8)).ShouldBe(dotted);
    }
}
