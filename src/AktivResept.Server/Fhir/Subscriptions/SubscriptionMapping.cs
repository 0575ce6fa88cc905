using AktivResept.Server.Features.Notifications.Subscriptions;
using Hl7.Fhir.Model;
using FhirSubscription = Hl7.Fhir.Model.Subscription;
using OurStatus = AktivResept.Server.Features.Notifications.SubscriptionStatus;

namespace AktivResept.Server.Fhir.Subscriptions;

/// <summary>Our FHIR rest-hook subscriptions as R4 Subscription resources.</summary>
public static class SubscriptionMapping
{
    /// <summary>The Standard Webhooks signing secret (<c>whsec_…</c>): the client may give it on create, else we return ours, once.</summary>
    public const string SecretExtension = FhirSystems.Base + "/StructureDefinition/webhook-secret";

    /// <summary>The Subscriptions Backport IG's payload content (id-only | full-resource | empty) on channel.payload.</summary>
    public const string PayloadContentExtension = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";

    /// <summary>R4 makes reason mandatory; we do not store the client's, so every Subscription reads with this one.</summary>
    public const string Reason = "AktivResept prescription notifications";

    public static FhirSubscription ToFhir(SubscriptionView s, string? secret = null)
    {
        var subscription = new FhirSubscription
        {
            Id = s.Id.ToString(),
            Meta = new Meta { LastUpdated = s.CreatedAt },
            Status = s.Status switch
            {
                OurStatus.Active => FhirSubscription.SubscriptionStatus.Active,
                OurStatus.Error => FhirSubscription.SubscriptionStatus.Error,
                _ => FhirSubscription.SubscriptionStatus.Off,
            },
            Reason = Reason,
            Criteria = s.Criteria,
            Error = s.StatusReason,
            Channel = new FhirSubscription.ChannelComponent
            {
                Type = FhirSubscription.SubscriptionChannelType.RestHook,
                Endpoint = s.Endpoint,
            },
        };
        if (secret is not null)
        {
            subscription.Extension.Add(new Extension(SecretExtension, new FhirString(secret)));
        }

        return subscription;
    }
}
