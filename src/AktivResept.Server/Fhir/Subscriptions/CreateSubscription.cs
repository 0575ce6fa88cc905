using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Subscriptions;
using Hl7.Fhir.Model;
using FhirSubscription = Hl7.Fhir.Model.Subscription;

namespace AktivResept.Server.Fhir.Subscriptions;

/// <summary>
/// <c>POST /fhir/Subscription</c>: an R4 rest-hook with an id-only (or no) payload and Task criteria. Checked here
/// against what we can deliver (422, naming the element), then created by the same handler as REST webhooks.
/// </summary>
public sealed class CreateSubscription(SubscriptionHandlers handlers)
{
    /// <summary>Headers we set ourselves, which a client may not replace.</summary>
    private static readonly string[] ReservedHeaders = ["webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "content-length", "host", "transfer-encoding", Features.Notifications.Dispatch.DispatchJob.ResourceHeader];

    public async Task<FhirResult> HandleAsync(CurrentUser user, FhirSubscription input, CancellationToken ct)
    {
        var issues = new FhirIssues();
        if (input.Status is not (FhirSubscription.SubscriptionStatus.Requested or FhirSubscription.SubscriptionStatus.Active))
        {
            issues.Add("Subscription.status", FhirErrorCodes.SubscriptionStatus);
        }

        if (input.End is not null)
        {
            issues.Add(OperationOutcome.IssueType.NotSupported, "Subscription.end", FhirErrorCodes.SubscriptionEnd);
        }

        var channel = input.Channel;
        if (channel?.Type != FhirSubscription.SubscriptionChannelType.RestHook)
        {
            issues.Add(OperationOutcome.IssueType.NotSupported, "Subscription.channel.type", FhirErrorCodes.ChannelType);
        }

        if (channel?.Payload is { } payload)
        {
            var content = channel.PayloadElement.GetExtensionValue<Code>(SubscriptionMapping.PayloadContentExtension)?.Value;
            if (!string.Equals(payload, FhirJson.MediaType, StringComparison.OrdinalIgnoreCase) || content is not ("id-only" or "empty"))
            {
                issues.Add(OperationOutcome.IssueType.NotSupported, "Subscription.channel.payload", FhirErrorCodes.Payload.With(
                    ("mediaType", FhirJson.MediaType), ("extension", SubscriptionMapping.PayloadContentExtension)));
            }
        }

        var headers = channel?.Header?.OfType<string>().ToList() ?? [];
        for (var i = 0; i < headers.Count; i++)
        {
            var colon = headers[i].IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? headers[i][..colon].Trim() : string.Empty;
            if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c is '(' or ')' or ',' or '/' or ';' or '=' or '"') || headers[i].Length > 1000)
            {
                issues.Add($"Subscription.channel.header[{i}]", FhirErrorCodes.Header);
            }
            else if (ReservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                issues.Add($"Subscription.channel.header[{i}]", FhirErrorCodes.HeaderReserved.With(("name", name)));
            }
        }

        if (issues.Any)
        {
            return issues.ToResult();
        }

        var secret = input.GetExtensionValue<FhirString>(SubscriptionMapping.SecretExtension)?.Value;
        var outcome = await handlers.CreateAsync(user, new NewSubscription(SubscriptionChannel.FhirRestHook, channel!.Endpoint, input.Criteria, headers, secret), ct);
        if (!outcome.Succeeded)
        {
            return FhirOutcomes.Failure(outcome, ExpressionFor);
        }

        var created = outcome.Value!;
        var view = new SubscriptionView(created.Id, created.Channel, created.Endpoint, created.Criteria, created.Status, null, created.CreatedAt);
        return FhirResult.Created(SubscriptionMapping.ToFhir(view, created.Secret), $"/fhir/Subscription/{created.Id}");
    }

    private static string ExpressionFor(string? field) => field switch
    {
        "endpoint" => "Subscription.channel.endpoint",
        "criteria" => "Subscription.criteria",
        "secret" => $"Subscription.extension('{SubscriptionMapping.SecretExtension}')",
        _ => "Subscription",
    };
}
