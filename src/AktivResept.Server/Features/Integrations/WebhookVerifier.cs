using AktivResept.Server.Common.Webhooks;
using AktivResept.Server.Features.Integrations.Signing;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Integrations;

/// <summary>
/// Checks a delivery against the Standard Webhooks rules: the three headers present, the timestamp within ±5 minutes
/// of our clock, and a v1 signature over the exact raw bytes by one of the integration's active keys. Any failure is a
/// 401 and nothing is read from the body.
/// <para>
/// The integration is named by the <c>?integration=</c> query parameter or the <c>webhook-integration</c> header. A
/// sender that cannot name it is matched by trying every enabled integration's keys, which is only allowed while there
/// are at most <see cref="IntegrationOptions.UnnamedLookupLimit"/> of them.
/// </para>
/// </summary>
public sealed class WebhookVerifier(IntegrationKeys keys, TimeProvider clock, IOptions<IntegrationOptions> options)
{
    public const string IntegrationHeader = "webhook-integration";

    public async Task<VerifiedDelivery?> VerifyAsync(HttpRequest request, byte[] body, CancellationToken ct)
    {
        var id = request.Headers[StandardWebhookSignature.IdHeader].ToString();
        var timestampText = request.Headers[StandardWebhookSignature.TimestampHeader].ToString();
        var signature = request.Headers[StandardWebhookSignature.SignatureHeader].ToString();
        if (id.Length is 0 or > 200 || signature.Length == 0 || !long.TryParse(timestampText, out var timestamp))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > StandardWebhookSignature.Tolerance.TotalSeconds)
        {
            return null;
        }

        var named = request.Query["integration"].ToString() is { Length: > 0 } q ? q : request.Headers[IntegrationHeader].ToString();
        IReadOnlyList<IntegrationKeySet> candidates;
        if (named.Length > 0)
        {
            candidates = Guid.TryParse(named, out var integrationId) && await keys.FindAsync(integrationId, ct) is { } set ? [set] : [];
        }
        else
        {
            candidates = await keys.AllAsync(options.Value.UnnamedLookupLimit, ct);
        }

        foreach (var candidate in candidates)
        {
            if (StandardWebhookSignature.Matches(candidate.ActiveAt(now), id, timestamp, body, signature))
            {
                return new VerifiedDelivery(candidate.IntegrationId, candidate.ProviderId, id);
            }
        }

        return null;
    }
}

/// <summary>A delivery whose signature checked out: which integration sent it, and its webhook-id.</summary>
public sealed record VerifiedDelivery(Guid IntegrationId, Guid ProviderId, string WebhookId);
