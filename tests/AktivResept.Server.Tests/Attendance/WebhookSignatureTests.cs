using System.Text;
using AktivResept.Server.Common.Webhooks;

namespace AktivResept.Server.Tests.Attendance;

/// <summary>The signature scheme on its own, against the Standard Webhooks specification's published test vector.</summary>
public sealed class WebhookSignatureTests
{
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private static readonly byte[] SpecBody = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Signing_the_specification_vector_gives_its_signature()
    {
        StandardWebhookSignature.TryParseSecret(SpecSecret, out var key).ShouldBeTrue();
        StandardWebhookSignature.Sign(key, SpecId, SpecTimestamp, SpecBody).ShouldBe(SpecSignature);
    }

    [Fact]
    public void The_specification_vector_verifies_among_other_signatures_and_keys()
    {
        StandardWebhookSignature.TryParseSecret(SpecSecret, out var key).ShouldBeTrue();
        var other = StandardWebhookSignature.NewKey();
        StandardWebhookSignature.Matches([other, key], SpecId, SpecTimestamp, SpecBody, $"v1,AAAA v2,xyz {SpecSignature}").ShouldBeTrue();
    }

    [Theory]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJeK", SpecTimestamp, "{\"test\": 2432232314}")]
    [InlineData(SpecId, SpecTimestamp + 1, "{\"test\": 2432232314}")]
    [InlineData(SpecId, SpecTimestamp, "{\"test\": 2432232315}")]
    [InlineData(SpecId, SpecTimestamp, "{\"test\":2432232314}")]
    public void Any_change_to_id_timestamp_or_body_breaks_the_signature(string id, long timestamp, string body)
    {
        StandardWebhookSignature.TryParseSecret(SpecSecret, out var key).ShouldBeTrue();
        StandardWebhookSignature.Matches([key], id, timestamp, Encoding.UTF8.GetBytes(body), SpecSignature).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1,")]
    [InlineData("v1,not-base64!")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void Malformed_or_other_version_signatures_do_not_match(string header)
    {
        StandardWebhookSignature.TryParseSecret(SpecSecret, out var key).ShouldBeTrue();
        StandardWebhookSignature.Matches([key], SpecId, SpecTimestamp, SpecBody, header).ShouldBeFalse();
    }

    [Fact]
    public void A_secret_without_the_prefix_is_the_same_key()
    {
        StandardWebhookSignature.TryParseSecret(SpecSecret, out var prefixed).ShouldBeTrue();
        StandardWebhookSignature.TryParseSecret(SpecSecret["whsec_".Length..], out var bare).ShouldBeTrue();
        bare.ShouldBe(prefixed);
        StandardWebhookSignature.TryParseSecret("whsec_***", out _).ShouldBeFalse();
    }
}
