using System.Net;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.Security;

/// <summary>The outbound rule's settings without a host: https only, the allow-lists, and names with mixed answers.</summary>
public sealed class OutboundEndpointRuleTests
{
    private readonly FakeHostResolver _dns = new();

    private OutboundEndpoints Rule(bool allowHttp = false, string[]? hosts = null, string[]? networks = null) =>
        new(_dns, Options.Create(new OutboundOptions { AllowHttp = allowHttp, AllowedHosts = [.. hosts ?? []], AllowedNetworks = [.. networks ?? []] }),
            NullLogger<OutboundEndpoints>.Instance);

    private static async Task<string?> CodeAsync(OutboundEndpoints rule, string endpoint) => (await rule.CheckAsync(endpoint, CancellationToken.None))?.Code;

    [Fact]
    public async Task Outside_development_only_https_is_accepted()
    {
        (await CodeAsync(Rule(), "http://ehr.example.org/hook")).ShouldBe("outbound.https-required");
        (await CodeAsync(Rule(), "https://ehr.example.org/hook")).ShouldBeNull();
        (await CodeAsync(Rule(allowHttp: true), "http://ehr.example.org/hook")).ShouldBeNull();
    }

    [Theory]
    [InlineData("ftp://ehr.example.org/hook", "subscription.endpoint-url")]
    [InlineData("https://user@ehr.example.org/hook", "subscription.endpoint-url")]
    [InlineData("https://ehr.example.org/hook#x", "subscription.endpoint-url")]
    [InlineData("/relative/hook", "subscription.endpoint-url")]
    [InlineData(" ", "subscription.endpoint-required")]
    public async Task A_url_that_is_no_plain_absolute_https_url_is_refused(string endpoint, string code) =>
        (await CodeAsync(Rule(), endpoint)).ShouldBe(code);

    [Fact]
    public async Task An_allow_listed_host_may_resolve_to_an_internal_address_and_no_other_host_may()
    {
        _dns.Map("receiver.hospital.no", IPAddress.Parse("10.20.1.5"));
        _dns.Map("other.hospital.no", IPAddress.Parse("10.20.1.6"));
        var rule = Rule(hosts: ["Receiver.Hospital.no"]);

        (await CodeAsync(rule, "https://receiver.hospital.no/hook")).ShouldBeNull();
        (await CodeAsync(rule, "https://other.hospital.no/hook")).ShouldBe("outbound.not-public");
        (await CodeAsync(rule, "https://10.20.1.5/hook")).ShouldBe("outbound.not-public");
    }

    [Fact]
    public async Task An_allow_listed_network_admits_its_addresses_however_they_are_spelled_and_nothing_outside_it()
    {
        _dns.Map("inside.hospital.no", IPAddress.Parse("10.20.1.5"));
        _dns.Map("outside.hospital.no", IPAddress.Parse("10.21.0.1"));
        var rule = Rule(networks: ["10.20.0.0/16", "fd00:1::5"]);

        (await CodeAsync(rule, "https://inside.hospital.no/hook")).ShouldBeNull();
        (await CodeAsync(rule, "https://10.20.1.5/hook")).ShouldBeNull();
        (await CodeAsync(rule, "https://0x0a140105/hook")).ShouldBeNull();
        (await CodeAsync(rule, "https://[::ffff:10.20.1.5]/hook")).ShouldBeNull();
        (await CodeAsync(rule, "https://[fd00:1::5]/hook")).ShouldBeNull();
        (await CodeAsync(rule, "https://outside.hospital.no/hook")).ShouldBe("outbound.not-public");
        (await CodeAsync(rule, "https://127.0.0.1/hook")).ShouldBe("outbound.not-public");
        (await CodeAsync(rule, "https://[fd00:1::6]/hook")).ShouldBe("outbound.not-public");
    }

    [Fact]
    public async Task A_name_with_one_internal_answer_among_public_ones_is_refused()
    {
        _dns.Map("mixed.example.net", FakeHostResolver.PublicAddress, IPAddress.Parse("8.8.8.8"), IPAddress.Parse("::1"));

        (await CodeAsync(Rule(), "https://mixed.example.net/hook")).ShouldBe("outbound.not-public");
    }

    [Fact]
    public void A_network_setting_that_is_no_network_stops_the_app()
    {
        OutboundOptions.TryParseNetwork("10.20.0.0/16", out _).ShouldBeTrue();
        OutboundOptions.TryParseNetwork("10.20.0.5", out var single).ShouldBeTrue();
        single.PrefixLength.ShouldBe(32);
        OutboundOptions.TryParseNetwork("hospital.no", out _).ShouldBeFalse();
    }
}
