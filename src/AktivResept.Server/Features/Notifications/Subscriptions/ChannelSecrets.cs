using System.Text.Json;
using AktivResept.Server.Common.Security;

namespace AktivResept.Server.Features.Notifications.Subscriptions;

/// <summary>
/// What a subscription's channel must keep secret: the Standard Webhooks signing key and any headers the client asked
/// us to send (FHIR <c>channel.header</c>, usually credentials). Stored together, AES-GCM encrypted, in
/// <see cref="Subscription.SecretProtected"/>, so neither is readable from a database dump.
/// </summary>
public sealed record ChannelSecrets(byte[] Key, IReadOnlyList<string> Headers)
{
    public byte[] Protect(AtRestCipher atRest) =>
        atRest.EncryptBytes(JsonSerializer.SerializeToUtf8Bytes(new Stored(Convert.ToBase64String(Key), [.. Headers])));

    public static ChannelSecrets Unprotect(AtRestCipher atRest, byte[] cipher)
    {
        var stored = JsonSerializer.Deserialize<Stored>(atRest.DecryptBytes(cipher))
                     ?? throw new InvalidOperationException("A subscription's channel secrets are unreadable.");
        return new ChannelSecrets(Convert.FromBase64String(stored.Key), stored.Headers ?? []);
    }

    private sealed record Stored(string Key, string[]? Headers);
}
