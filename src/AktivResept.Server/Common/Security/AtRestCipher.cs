using System.Security.Cryptography;
using System.Text;
using AktivResept.Domain.Identifiers;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// Encryption at rest (AES-GCM, random nonce) of national ids and of other secrets we must read back (webhook
/// signing keys). Finding a person by national id goes through <see cref="NationalIdLookupHash"/> instead, so a
/// database dump alone reveals neither the number nor, by brute force over the small id space, which row is whose.
/// </summary>
public sealed class AtRestCipher(IOptions<PersonDataKeyOptions> options)
{
    private readonly byte[] _key = ConfiguredKey.Decode(options.Value.PersonDataKey, "Security:PersonDataKey");

    public byte[] Encrypt(Fodselsnummer id) => EncryptBytes(Encoding.ASCII.GetBytes(id.Value));

    public string Decrypt(byte[] cipher) => Encoding.ASCII.GetString(DecryptBytes(cipher));

    public byte[] EncryptBytes(ReadOnlySpan<byte> plain)
    {
        var output = new byte[12 + plain.Length + 16];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plain, output.AsSpan(12, plain.Length), output.AsSpan(12 + plain.Length, 16));
        return output;
    }

    public byte[] DecryptBytes(byte[] cipher)
    {
        var length = cipher.Length - 28;
        var plain = new byte[length];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(cipher.AsSpan(0, 12), cipher.AsSpan(12, length), cipher.AsSpan(12 + length, 16), plain);
        return plain;
    }
}
