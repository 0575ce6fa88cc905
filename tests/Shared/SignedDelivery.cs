using System.Globalization;
using AktivResept.Server.Common.Webhooks;

namespace AktivResept.Testing;

/// <summary>
/// A delivery to the attendance webhook as a Standard Webhooks sender makes it: the exact body bytes under a
/// webhook-id, a timestamp and the v1 HMAC signature over all three. The one place the server tests, the browser
/// tests and the load driver sign a delivery, so a change to the signing scheme is made once.
/// </summary>
public static class SignedDelivery
{
    public const string Path = "/api/integrations/attendance";

    public static string NewWebhookId() => "msg_" + Guid.NewGuid().ToString("N");

    /// <summary>Signs with an integration's secret as the gym system holds it (<c>whsec_…</c>).</summary>
    /// <param name="integrationId">Named in the query; null leaves the server to find the integration by the signature.</param>
    public static HttpRequestMessage Create(string secret, byte[] body, string webhookId, DateTimeOffset at, Guid? integrationId) =>
        StandardWebhookSignature.TryParseSecret(secret, out var key)
            ? Create(key, body, webhookId, at, integrationId)
            : throw new ArgumentException("Not a Standard Webhooks secret (whsec_ followed by base64).", nameof(secret));

    /// <summary>Signs with the already decoded key (a sender that signs many deliveries decodes it once).</summary>
    public static HttpRequestMessage Create(byte[] key, byte[] body, string webhookId, DateTimeOffset at, Guid? integrationId)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, integrationId is { } id ? $"{Path}?integration={id}" : Path)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add(StandardWebhookSignature.IdHeader, webhookId);
        request.Headers.Add(StandardWebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(key, webhookId, timestamp, body));
        return request;
    }
}
