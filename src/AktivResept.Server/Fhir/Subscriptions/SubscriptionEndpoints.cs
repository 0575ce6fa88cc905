using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Subscriptions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using static Hl7.Fhir.Model.CapabilityStatement;
using FhirSubscription = Hl7.Fhir.Model.Subscription;

namespace AktivResept.Server.Fhir.Subscriptions;

public static class SubscriptionEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "Subscription",
        [TypeRestfulInteraction.Create, TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType, TypeRestfulInteraction.Delete],
        [
            new FhirSearchParam("status", SearchParamType.Token, "requested | active | error | off; comma for OR.") { Definition = "http://hl7.org/fhir/SearchParameter/Subscription-status" },
        ],
        "Notifications of Task changes for referrers (EHRs) and provider administrators, about the prescriptions they may " +
        "see. channel.type rest-hook only; id-only: the POST has an empty body (channel.payload absent, or " +
        $"{FhirJson.MediaType} with backport-payload-content id-only), names the Task in the aktivresept-resource header " +
        "and is signed with the Standard Webhooks scheme (webhook-id, webhook-timestamp, webhook-signature). Criteria: " +
        "Task?requester=Practitioner/<HPR>, requester:identifier, owner=Organization/<id>, patient, focus, status. " +
        $"The signing secret (whsec_…) may be given in the extension {SubscriptionMapping.SecretExtension}; otherwise the " +
        "create answer carries a generated one, once. channel.header lines are sent with every notification but never " +
        "returned. Created active; delete turns it off (read then shows status off). A receiver answering 410 turns it " +
        "off with the reason in error. Retries: exponential backoff with jitter, then dead letter (see /api/subscriptions).");

    public static RouteGroupBuilder MapSubscriptions(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/Subscription", async (HttpRequest request, ICurrentUserAccessor me, CreateSubscription handler, CancellationToken ct) =>
        {
            var input = await FhirJson.ReadAsync<FhirSubscription>(request, ct);
            return input.Error ?? await handler.HandleAsync(me.Caller(), input.Resource!, ct);
        });
        fhir.MapGet("/Subscription/{id:guid}", async (Guid id, ICurrentUserAccessor me, SubscriptionHandlers handlers, CancellationToken ct) =>
        {
            var outcome = await handlers.GetAsync(me.Caller(), id, ct);
            return outcome.Succeeded && outcome.Value!.Channel == SubscriptionChannel.FhirRestHook
                ? FhirResult.Ok(SubscriptionMapping.ToFhir(outcome.Value))
                : FhirResult.NotFound();
        });
        fhir.MapSearch(fhir.MapGet("/Subscription", SearchAsync), fhir.MapPost("/Subscription" + FhirSearchEndpoints.SearchSegment, SearchAsync));
        fhir.MapDelete("/Subscription/{id:guid}", async (Guid id, ICurrentUserAccessor me, SubscriptionHandlers handlers, CancellationToken ct) =>
        {
            var user = me.Caller();
            var own = await handlers.GetAsync(user, id, ct);
            if (!own.Succeeded || own.Value!.Channel != SubscriptionChannel.FhirRestHook)
            {
                return FhirResult.NotFound();
            }

            var outcome = await handlers.TurnOffAsync(user, id, ct);
            return outcome.Succeeded ? Results.NoContent() : FhirOutcomes.Failure(outcome, _ => "Subscription");
        });
        return fhir;
    }

    private static async Task<FhirResult> SearchAsync(HttpRequest request, ICurrentUserAccessor me, SubscriptionHandlers handlers, TimeProvider clock, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, Capability);
        if (error is not null)
        {
            return error;
        }

        var outcome = await handlers.ListAsync(me.Caller(), SubscriptionChannel.FhirRestHook, ct);
        if (!outcome.Succeeded)
        {
            return FhirOutcomes.Failure(outcome, _ => "Subscription");
        }

        IEnumerable<SubscriptionView> rows = outcome.Value!;
        if (query!["status"] is { } status)
        {
            var wanted = FhirReferences.Alternatives(status);
            rows = rows.Where(s => wanted.Contains(SubscriptionMapping.ToFhir(s).Status?.GetLiteral()));
        }

        var all = rows.ToList();
        var page = all.Skip(query.Offset).Take(query.Count).Select(s => (Resource)SubscriptionMapping.ToFhir(s));
        return FhirResult.Ok(SearchBundle.Create(request, "Subscription", query, page, all.Count, clock.GetUtcNow()));
    }
}
