using System.Security.Cryptography;
using System.Text;

namespace AktivResept.Server.Common.Webhooks;

/// <summary>
/// The Standard Webhooks signature scheme (https://www.standardwebhooks.com): HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{raw body}</c>, sent as <c>v1,&lt;base64&gt;</c>; several signatures may be
/// sent space-separated. Used both to verify gym systems' check-ins and to sign our outbound notifications.
/// </summary>
public static class StandardWebhookSignature
{
    public const string SecretPrefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How far the timestamp may be from our clock, either way, before a delivery is refused as stale or forged.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static string FormatSecret(ReadOnlySpan<byte> key) => SecretPrefix + Convert.ToBase64String(key);

    /// <summary>Parses <c>whsec_&lt;base64&gt;</c> (the prefix is optional, as in the reference libraries).</summary>
    public static bool TryParseSecret(string? secret, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(secret))
        {
            return false;
        }

        var base64 = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            key = Convert.FromBase64String(base64);
            return key.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string Sign(ReadOnlySpan<byte> key, string webhookId, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Compute(key, webhookId, timestamp, body));

    /// <summary>
    /// True when any <c>v1</c> signature in <paramref name="signatureHeader"/> matches under any of
    /// <paramref name="keys"/> (two are active during a rotation). Comparison is constant-time over the raw MAC bytes.
    /// </summary>
    public static bool Matches(IEnumerable<byte[]> keys, string webhookId, long timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        Span<byte> given = stackalloc byte[32];
        var matched = false;
        foreach (var key in keys)
        {
            var expected = Compute(key, webhookId, timestamp, body);
            foreach (var part in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var comma = part.IndexOf(',', StringComparison.Ordinal);
                if (comma <= 0 || !part.AsSpan(0, comma).SequenceEqual("v1"))
                {
                    continue;
                }

                if (Convert.TryFromBase64String(part[(comma + 1)..], given, out var written) && written == expected.Length)
                {
                    // No early exit: every candidate is compared, so timing says nothing about which one matched.
                    matched |= CryptographicOperations.FixedTimeEquals(given[..written], expected);
                }
            }
        }

        return matched;
    }

    private static byte[] Compute(ReadOnlySpan<byte> key, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
