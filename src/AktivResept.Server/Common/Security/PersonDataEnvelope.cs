using System.Text;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// The self-describing form of a value <see cref="AtRestCipher"/> writes: a header naming the key, then AES-GCM's
/// nonce, ciphertext and tag. <c>[0xA5, 1, n, keyId (n ASCII bytes)] nonce(12) ciphertext tag(16)</c>. The header is
/// the AES-GCM associated data, so a value moved under another key id fails to open instead of being misread. A prefix
/// rather than a key-id column: every protected column carries its id without a schema change per table, and "which
/// rows are not under the current key" is a byte-prefix comparison in SQL. Values written before key ids existed have
/// no header (they start with a random nonce) and belong to the legacy key.
/// </summary>
public static class PersonDataEnvelope
{
    public const byte Marker = 0xA5;
    public const byte Version = 1;
    public const int MaxKeyIdLength = 32;

    /// <summary>The id of the legacy key <c>Security:PersonDataKey</c>; reserved, a ring key cannot be named so.</summary>
    public const string LegacyKeyId = "legacy";

    /// <summary>The bytes of the longest header: enough to read any value's key id (<see cref="TryReadKeyId"/>).</summary>
    public const int MaxHeaderLength = 3 + MaxKeyIdLength;

    /// <summary>1 to 32 of A–Z, a–z, 0–9, '.', '_', '-': safe in configuration keys, logs and file names.</summary>
    public static bool IsValidKeyId(string? keyId) =>
        keyId is { Length: > 0 and <= MaxKeyIdLength } && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public static byte[] Header(string keyId)
    {
        if (!IsValidKeyId(keyId))
        {
            throw new ArgumentException($"'{keyId}' is not a valid key id.", nameof(keyId));
        }

        return [Marker, Version, (byte)keyId.Length, .. Encoding.ASCII.GetBytes(keyId)];
    }

    /// <summary>
    /// The key id a value's header names, and the header's length; false for a value without a header (legacy). A
    /// legacy value whose random nonce happens to look like a header is told apart when it fails to open under it.
    /// </summary>
    public static bool TryReadKeyId(ReadOnlySpan<byte> value, out string keyId, out int headerLength)
    {
        keyId = string.Empty;
        headerLength = 0;
        if (value.Length < 3 || value[0] != Marker || value[1] != Version || value[2] is 0 or > MaxKeyIdLength || value.Length < 3 + value[2])
        {
            return false;
        }

        var id = Encoding.ASCII.GetString(value.Slice(3, value[2]));
        if (!IsValidKeyId(id))
        {
            return false;
        }

        keyId = id;
        headerLength = 3 + id.Length;
        return true;
    }
}
