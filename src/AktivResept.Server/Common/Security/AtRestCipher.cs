using System.Security.Cryptography;
using System.Text;
using AktivResept.Domain.Identifiers;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// National ids are stored encrypted (AES-GCM, random nonce) and found through a keyed hash, so a database dump
/// alone reveals neither the number nor, by brute force over the small id space, which row is whose.
/// </summary>
public sealed class NationalIdProtector
{
    private readonly byte[] _encryptionKey;
    private readonly byte[] _lookupKey;

    public NationalIdProtector(IOptions<PersonDataOptions> options)
    {
        _encryptionKey = DecodeKey(options.Value.PersonDataKey, "Security:PersonDataKey");
        _lookupKey = DecodeKey(options.Value.PersonLookupKey, "Security:PersonLookupKey");
    }

    public string LookupHash(Fodselsnummer id) => LookupHash(id.Value);

    public string LookupHash(string nationalId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, Encoding.ASCII.GetBytes(nationalId)));

    public byte[] Encrypt(Fodselsnummer id) => EncryptBytes(Encoding.ASCII.GetBytes(id.Value));

    public string Decrypt(byte[] cipher) => Encoding.ASCII.GetString(DecryptBytes(cipher));

    /// <summary>Encrypts other secrets at rest (webhook signing keys) with the same key and scheme.</summary>
    public byte[] EncryptBytes(ReadOnlySpan<byte> plain)
    {
        var output = new byte[12 + plain.Length + 16];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Encrypt(nonce, plain, output.AsSpan(12, plain.Length), output.AsSpan(12 + plain.Length, 16));
        return output;
    }

    public byte[] DecryptBytes(byte[] cipher)
    {
        var length = cipher.Length - 28;
        var plain = new byte[length];
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Decrypt(cipher.AsSpan(0, 12), cipher.AsSpan(12, length), cipher.AsSpan(12 + length, 16), plain);
        return plain;
    }

    private static byte[] DecodeKey(string base64, string name)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            throw new InvalidOperationException($"{name} is not configured. Set it from a secret store (never in the repository).");
        }

        var key = Convert.FromBase64String(base64);
        return key.Length == 32
            ? key
            : throw new InvalidOperationException($"{name} must be a base64-encoded 256-bit key.");
    }
}
