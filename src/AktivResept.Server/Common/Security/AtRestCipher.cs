using System.Security.Cryptography;
using System.Text;
using AktivResept.Domain.Identifiers;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// Encryption at rest (AES-GCM, random nonce) of national ids and of other secrets we must read back (webhook
/// signing keys). Finding a person by national id goes through <see cref="NationalIdLookupHash"/> instead, so a
/// database dump alone reveals neither the number nor, by brute force over the small id space, which row is whose.
/// Every value names its key (<see cref="PersonDataEnvelope"/>): new values are written under the ring's current key,
/// any key in the ring opens what it wrote, so keys rotate without downtime (docs/security.md "Key rotation").
/// </summary>
public sealed class AtRestCipher
{
    private readonly PersonDataKeyRing _ring;
    private readonly byte[] _currentKey;
    private readonly byte[] _currentHeader;
    private readonly byte[]? _legacyKey;

    public AtRestCipher(IOptions<PersonDataKeyOptions> options)
        : this(PersonDataKeyRing.From(options.Value))
    {
    }

    public AtRestCipher(PersonDataKeyRing ring)
    {
        _ring = ring;
        _currentKey = ring.Keys[ring.CurrentKeyId];
        _currentHeader = PersonDataEnvelope.Header(ring.CurrentKeyId);
        _legacyKey = ring.Keys.GetValueOrDefault(PersonDataEnvelope.LegacyKeyId);
    }

    /// <summary>The id of the key new values are written with.</summary>
    public string CurrentKeyId => _ring.CurrentKeyId;

    /// <summary>The header every value under the current key starts with (the re-encryption job selects by it).</summary>
    public ReadOnlySpan<byte> CurrentHeader => _currentHeader;

    public IReadOnlyCollection<string> KeyIds => [.. _ring.Keys.Keys];

    public byte[] Encrypt(Fodselsnummer id) => EncryptBytes(Encoding.ASCII.GetBytes(id.Value));

    public string Decrypt(byte[] cipher) => Encoding.ASCII.GetString(DecryptBytes(cipher));

    public byte[] EncryptBytes(ReadOnlySpan<byte> plain)
    {
        var header = _currentHeader.Length;
        var output = new byte[header + 12 + plain.Length + 16];
        _currentHeader.CopyTo(output, 0);
        var nonce = output.AsSpan(header, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_currentKey, 16);
        aes.Encrypt(nonce, plain, output.AsSpan(header + 12, plain.Length), output.AsSpan(header + 12 + plain.Length, 16), _currentHeader);
        return output;
    }

    /// <summary>
    /// Opens a value under whichever ring key it names. A value under a key the ring does not hold throws
    /// <see cref="UnknownPersonDataKeyException"/>; a changed value (or the wrong key under a known id) throws
    /// <see cref="AuthenticationTagMismatchException"/>.
    /// </summary>
    public byte[] DecryptBytes(byte[] cipher)
    {
        if (!PersonDataEnvelope.TryReadKeyId(cipher, out var keyId, out var headerLength))
        {
            return _legacyKey is null
                ? throw new UnknownPersonDataKeyException(PersonDataEnvelope.LegacyKeyId)
                : Open(_legacyKey, [], cipher);
        }

        var known = _ring.Keys.TryGetValue(keyId, out var key);
        if (known && TryOpen(key!, cipher.AsSpan(0, headerLength), cipher.AsSpan(headerLength), out var plain))
        {
            return plain;
        }

        // A value from before key ids whose random nonce happens to start like a header (about 2^-32 per value).
        if (_legacyKey is not null && TryOpen(_legacyKey, [], cipher, out var legacyPlain))
        {
            return legacyPlain;
        }

        throw known ? new AuthenticationTagMismatchException("The value does not open under its key: it was changed, or the key under this id is another.") : new UnknownPersonDataKeyException(keyId);
    }

    /// <summary>The key id a stored value is under (<see cref="PersonDataEnvelope.LegacyKeyId"/> for one without a header).</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> cipher) =>
        PersonDataEnvelope.TryReadKeyId(cipher, out var keyId, out _) ? keyId : PersonDataEnvelope.LegacyKeyId;

    /// <summary>Whether a value is already under the current key (judged by its header, as the SQL selection does).</summary>
    public bool IsUnderCurrentKey(ReadOnlySpan<byte> cipher) => cipher.StartsWith(_currentHeader);

    private static byte[] Open(byte[] key, ReadOnlySpan<byte> header, ReadOnlySpan<byte> body) =>
        TryOpen(key, header, body, out var plain)
            ? plain
            : throw new AuthenticationTagMismatchException("The value does not open under the key: it was changed, or the key is another.");

    private static bool TryOpen(byte[] key, ReadOnlySpan<byte> header, ReadOnlySpan<byte> body, out byte[] plain)
    {
        plain = [];
        var length = body.Length - 28;
        if (length < 0)
        {
            return false;
        }

        var output = new byte[length];
        using var aes = new AesGcm(key, 16);
        try
        {
            aes.Decrypt(body[..12], body.Slice(12, length), body.Slice(12 + length, 16), output, header);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plain = output;
        return true;
    }
}

/// <summary>A stored value names a key the ring does not hold (retired too early, or a ring from another environment).</summary>
public sealed class UnknownPersonDataKeyException(string keyId)
    : CryptographicException(keyId == PersonDataEnvelope.LegacyKeyId
        ? "A stored value has no key id and the legacy key Security:PersonDataKey is not configured."
        : $"A stored value is encrypted under key id '{keyId}', which is not in Security:PersonDataKeys.")
{
    public string KeyId { get; } = keyId;
}
