using System.Net;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using FhirSubscription = Hl7.Fhir.Model.Subscription;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>FHIR R4 Subscription (rest-hook, id-only) for an EHR: create, read, search, delete, and what arrives.</summary>
public sealed class FhirSubscriptionTests : ReceiverTestBase<LocalReceiverFactory>
{
    private const string SecretExtension = "http://aktivresept.no/fhir/StructureDefinition/webhook-secret";
    private const string PayloadContent = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";




    private HttpClient Ehr => App.ClientAs(Roles.Ehr, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);

    private FhirSubscription RestHook(string criteria, string? endpoint = null) => new()
    {
        Status = FhirSubscription.SubscriptionStatus.Requested,
        Reason = "Follow my referrals",
        Criteria = criteria,
        Channel = new FhirSubscription.ChannelComponent
        {
            Type = FhirSubscription.SubscriptionChannelType.RestHook,
            Endpoint = endpoint ?? Receiver.Url,
            Header = ["Authorization: Bearer ehr-token"],
        },
    };

    [Fact]
    public async Task A_rest_hook_on_the_referrers_tasks_gets_an_empty_signed_POST_naming_the_task()
    {
        var response = await Ehr.PostFhirAsync("/fhir/Subscription", RestHook($"Task?requester=Practitioner/{DemoIdentities.GpHpr}&status=requested"));
        var created = await response.ReadFhirAsync<FhirSubscription>(HttpStatusCode.Created);
        created.Status.ShouldBe(FhirSubscription.SubscriptionStatus.Active);
        response.Headers.Location!.ToString().ShouldEndWith($"/fhir/Subscription/{created.Id}");
        var secret = created.GetStringExtension(SecretExtension);
        secret.ShouldStartWith("whsec_");

        var read = await Ehr.GetFhirAsync<FhirSubscription>($"/fhir/Subscription/{created.Id}");
        read.GetStringExtension(SecretExtension).ShouldBeNull();
        read.Channel.Header.ShouldBeEmpty();
        var search = await Ehr.GetFhirAsync<Bundle>("/fhir/Subscription?status=active");
        search.Resources<FhirSubscription>().Select(s => s.Id).ShouldBe([created.Id]);

        var id = await App.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        var other = await App.AsPhysiotherapist().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        await App.DispatchAsync();

        var hit = Receiver.Received.ShouldHaveSingleItem();
        hit.Body.ShouldBeEmpty();
        hit.SignedWith(secret!).ShouldBeTrue();
        hit.Headers["aktivresept-resource"].ShouldBe($"Task/{id}");
        hit.Headers["Authorization"].ShouldBe("Bearer ehr-token");
        Receiver.Received.ShouldNotContain(r => r.Headers["aktivresept-resource"] == $"Task/{other}");
    }

    [Fact]
    public async Task Criteria_that_do_not_match_send_nothing()
    {
        var response = await Ehr.PostFhirAsync("/fhir/Subscription", RestHook("Task?status=completed"));
        await response.ReadFhirAsync<FhirSubscription>(HttpStatusCode.Created);

        await App.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        await App.DispatchAsync();

        Receiver.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_client_supplied_secret_is_used_for_signing()
    {
        var secret = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var subscription = RestHook("Task");
        subscription.SetStringExtension(SecretExtension, secret);
        (await Ehr.PostFhirAsync("/fhir/Subscription", subscription)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await App.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        await App.DispatchAsync();

        Receiver.Received.ShouldHaveSingleItem().SignedWith(secret).ShouldBeTrue();
    }

    [Fact]
    public async Task What_cannot_be_delivered_is_refused_naming_the_element()
    {
        var websocket = RestHook("Task");
        websocket.Channel.Type = FhirSubscription.SubscriptionChannelType.Websocket;
        (await (await Ehr.PostFhirAsync("/fhir/Subscription", websocket)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Subscription.channel.type")).CodeAt("Subscription.channel.type").ShouldBe("fhir.subscription.channel-type");

        var fullResource = RestHook("Task");
        fullResource.Channel.Payload = "application/fhir+json";
        (await (await Ehr.PostFhirAsync("/fhir/Subscription", fullResource)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Subscription.channel.payload")).CodeAt("Subscription.channel.payload").ShouldBe("fhir.subscription.payload");

        var idOnly = RestHook("Task");
        idOnly.Channel.Payload = "application/fhir+json";
        idOnly.Channel.PayloadElement.SetExtension(PayloadContent, new Code("id-only"));
        (await Ehr.PostFhirAsync("/fhir/Subscription", idOnly)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await (await Ehr.PostFhirAsync("/fhir/Subscription", RestHook("Patient?name=x"))).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Subscription.criteria");
        await (await Ehr.PostFhirAsync("/fhir/Subscription", RestHook("Task?code=x"))).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Subscription.criteria");
        await (await Ehr.PostFhirAsync("/fhir/Subscription", RestHook("Task", "mailto:x@example.org"))).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Subscription.channel.endpoint");

        var badHeader = RestHook("Task");
        badHeader.Channel.Header = ["webhook-signature: forged"];
        (await (await Ehr.PostFhirAsync("/fhir/Subscription", badHeader)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Subscription.channel.header[0]")).CodeAt("Subscription.channel.header[0]").ShouldBe("fhir.subscription.header-reserved");

        var noReason = RestHook("Task");
        noReason.Reason = null;
        await (await Ehr.PostFhirAsync("/fhir/Subscription", noReason)).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Delete_turns_it_off_and_others_cannot_see_or_delete_it()
    {
        var created = await (await Ehr.PostFhirAsync("/fhir/Subscription", RestHook("Task"))).ReadFhirAsync<FhirSubscription>(HttpStatusCode.Created);
        var physio = App.AsPhysiotherapist();

        await (await physio.GetFhirAsync($"/fhir/Subscription/{created.Id}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        await (await physio.SendRawAsync(HttpMethod.Delete, $"/fhir/Subscription/{created.Id}", null)).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        (await physio.GetFhirAsync<Bundle>("/fhir/Subscription")).Total.ShouldBe(0);

        (await Ehr.SendRawAsync(HttpMethod.Delete, $"/fhir/Subscription/{created.Id}", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Ehr.GetFhirAsync<FhirSubscription>($"/fhir/Subscription/{created.Id}")).Status.ShouldBe(FhirSubscription.SubscriptionStatus.Off);

        var id = Guid.Parse(created.Id!);
        await App.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await App.FanOutAsync();
        (await App.QueryAsync(db => db.Deliveries.CountAsync(d => d.SubscriptionId == id))).ShouldBe(0);
        (await App.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == id))).Status.ShouldBe(SubscriptionStatus.Off);
    }
}
