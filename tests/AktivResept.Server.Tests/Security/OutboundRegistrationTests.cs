using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using FhirSubscription = Hl7.Fhir.Model.Subscription;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Issue 20, item 1: an endpoint the system would POST to is refused at registration when its host is, or resolves
/// to, anything but a public address, however the address is spelled (REST 400 and FHIR OperationOutcome naming the
/// field); nothing is stored.
/// </summary>
public sealed class OutboundRegistrationTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    public static TheoryData<string> InternalEndpoints =>
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "https://169.254.169.254/",
        "https://127.0.0.1/hook",
        "https://2130706433/hook",
        "https://0x7f.1/hook",
        "https://0x7f000001/hook",
        "https://0177.0.0.1/hook",
        "https://127.1/hook",
        "https://127.0.0.1./hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[::ffff:a9fe:a9fe]/hook",
        "https://[fe80::1]/hook",
        "https://10.0.0.1/hook",
        "https://012.1/hook",
        "https://172.16.0.1/hook",
        "https://172.31.255.255/hook",
        "https://192.168.1.1/hook",
        "https://3232235777/hook",
        "https://[fc00::1]/hook",
        "https://[fd00:ec2::254]/hook",
        "https://0.0.0.0/hook",
        "https://0/hook",
        "https://[::]/hook",
        "https://100.64.0.1/hook",
        "https://224.0.0.1/hook",
        "https://255.255.255.255/hook",
        "https://localhost/hook",
        "https://LOCALHOST./hook",
        "https://api.localhost/hook",
        "https://127.0.0.1:5432/",
        "https://metadata.internal.example.org/hook",
        "https://split.example.org/hook",
        "https://does-not-resolve.invalid/hook",
    ];

    [Theory]
    [MemberData(nameof(InternalEndpoints))]
    public async Task A_webhook_endpoint_that_is_not_public_is_refused_naming_the_field(string endpoint)
    {
        MapInternalNames();

        var response = await app.AsGp().PostAsJsonAsync("/api/subscriptions", new { endpoint });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("endpoint")[0].GetProperty("code").GetString().ShouldBe("outbound.not-public");
        (await app.QueryAsync(db => db.Subscriptions.CountAsync(s => s.Endpoint == endpoint))).ShouldBe(0);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://2130706433/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://metadata.internal.example.org/hook")]
    public async Task A_fhir_rest_hook_endpoint_that_is_not_public_is_refused_naming_the_element(string endpoint)
    {
        MapInternalNames();
        var ehr = app.ClientAs(Roles.Ehr, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);
        var subscription = new FhirSubscription
        {
            Status = FhirSubscription.SubscriptionStatus.Requested,
            Reason = "Follow my referrals",
            Criteria = $"Task?requester=Practitioner/{DemoIdentities.GpHpr}",
            Channel = new FhirSubscription.ChannelComponent { Type = FhirSubscription.SubscriptionChannelType.RestHook, Endpoint = endpoint },
        };

        var outcome = await (await ehr.PostFhirAsync("/fhir/Subscription", subscription))
            .ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Subscription.channel.endpoint");

        outcome.CodeAt("Subscription.channel.endpoint").ShouldBe("outbound.not-public");
        (await app.QueryAsync(db => db.Subscriptions.CountAsync(s => s.Endpoint == endpoint))).ShouldBe(0);
    }

    [Theory]
    [InlineData("https://user:secret@ehr.example.org/hook")]
    [InlineData("https://127.0.0.1:80@ehr.example.org/hook")]
    public async Task An_endpoint_with_user_info_is_refused(string endpoint)
    {
        var response = await app.AsGp().PostAsJsonAsync("/api/subscriptions", new { endpoint });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("endpoint")[0].GetProperty("code").GetString().ShouldBe("subscription.endpoint-url");
    }

    [Fact]
    public async Task A_public_https_endpoint_is_accepted()
    {
        var (id, _) = await app.AsGp().SubscribeAsync("https://ehr.example.org/aktivresept/hooks");

        (await app.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == id))).Endpoint.ShouldBe("https://ehr.example.org/aktivresept/hooks");
    }

    [Fact]
    public async Task Turning_on_a_subscription_whose_endpoint_is_no_longer_allowed_is_refused()
    {
        var (id, _) = await app.AsGp().SubscribeAsync("https://moved.example.org/hook");
        (await app.AsGp().DeleteAsync($"/api/subscriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Resolver.Map("moved.example.org", IPAddress.Parse("10.1.2.3"));

        var response = await app.AsGp().PostEmptyAsync($"/api/subscriptions/{id}/enable");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("endpoint")[0].GetProperty("code").GetString().ShouldBe("outbound.not-public");
        (await app.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == id))).Status.ShouldBe(SubscriptionStatus.Off);
    }

    private void MapInternalNames()
    {
        app.Resolver.Map("metadata.internal.example.org", IPAddress.Parse("169.254.169.254"));

        // One public and one private answer: the socket could pick either, so the name is refused.
        app.Resolver.Map("split.example.org", FakeHostResolver.PublicAddress, IPAddress.Parse("192.168.0.10"));
    }
}
