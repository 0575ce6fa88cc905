using System.Net;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using Hl7.Fhir.Model;
using FhirSubscription = Hl7.Fhir.Model.Subscription;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Outcomes;

/// <summary>
/// A referrer's EHR hears of new outcome measurements through the subscriptions that already exist (a FHIR rest-hook on
/// its Tasks, a plain webhook): told which prescription and instrument, never the value, it then reads the Observation.
/// </summary>
public sealed class OutcomeSubscriptionTests : ReceiverTestBase<LocalReceiverFactory>
{
    [Fact]
    public async Task A_referrers_EHR_is_told_of_a_new_outcome_without_its_value_and_then_reads_the_Observation()
    {
        var ehr = App.ClientAs(Roles.Ehr, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);
        var p = await App.FollowedAsync();
        await App.FanOutAsync();
        var hook = await (await ehr.PostFhirAsync("/fhir/Subscription", new FhirSubscription
        {
            Status = FhirSubscription.SubscriptionStatus.Requested,
            Reason = "Follow my referrals' outcomes",
            Criteria = $"Task?requester=Practitioner/{DemoIdentities.GpHpr}",
            Channel = new FhirSubscription.ChannelComponent { Type = FhirSubscription.SubscriptionChannelType.RestHook, Endpoint = Receiver.Url },
        })).ReadFhirAsync<FhirSubscription>(HttpStatusCode.Created);
        var (webhook, _) = await App.AsGp().SubscribeAsync(Receiver.Url);

        var recorded = await p.Trainer.RecordAsync(p.Id, new { instrument = "sit-to-stand-30s", timepoint = "baseline", effectiveAt = App.Clock.GetUtcNow().AddHours(-1), values = new { value = 17 } });
        recorded.StatusCode.ShouldBe(HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync());
        var measurement = (await recorded.ReadJsonAsync()).GetProperty("id").GetGuid();
        await App.FanOutAsync();
        await App.DispatchAsync();

        // The rest-hook: an empty POST naming the Task, as R4 id-only asks; the EHR re-runs its search.
        Receiver.Received.ShouldContain(r => r.Body.Length == 0 && r.Headers.GetValueOrDefault("aktivresept-resource") == $"Task/{p.Id}");
        // The webhook: which prescription, instrument, timepoint and measurement, and no value.
        var envelopes = Receiver.Received.Where(r => r.Body.Length > 0).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        var outcome = envelopes.Where(e => e.GetProperty("type").GetString() == "prescription.outcome_recorded").ShouldHaveSingleItem().GetProperty("data");
        outcome.GetProperty("prescriptionId").GetGuid().ShouldBe(p.Id);
        outcome.GetProperty("instrument").GetString().ShouldBe("sit-to-stand-30s");
        outcome.GetProperty("timepoint").GetString().ShouldBe("baseline");
        outcome.GetProperty("measurementId").GetGuid().ShouldBe(measurement);
        outcome.EnumerateObject().Select(f => f.Name).Order().ShouldBe(["eventType", "instrument", "measurementId", "prescriptionId", "timepoint", "version"]);

        // Following the notification, the EHR reads the measurement as an Observation (parsed with the Firely SDK).
        var found = await ehr.GetFhirAsync<Bundle>($"/fhir/Observation?based-on=ServiceRequest/{p.Id}&category=outcome");
        var observation = found.Resources<Observation>().ShouldHaveSingleItem();
        observation.Id.ShouldBe(measurement.ToString());
        observation.Value.ShouldBeOfType<Quantity>().Value.ShouldBe(17m);
        hook.Id.ShouldNotBeNull();
        webhook.ShouldNotBe(Guid.Empty);
    }
}
