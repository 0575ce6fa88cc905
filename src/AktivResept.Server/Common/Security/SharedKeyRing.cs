using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using AktivResept.Server.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// ASP.NET Core's data-protection key ring — what the sign-in cookie and the antiforgery tokens are protected with —
/// kept in the shared database (table <c>DataProtectionKeys</c>), so a cookie or form token issued by one app node is
/// read by any other, and a restart signs nobody out (issue 19). Each key's XML is encrypted at rest with AES-256-GCM
/// under <c>DataProtection:KeyEncryptionKey</c> from the secret store: a database dump alone does not let anyone
/// forge a session. A deployment must name that key (StartupSettings); Development and the test hosts may run
/// without it, with plain keys and the framework's warning.
/// </summary>
public static class SharedKeyRing
{
    public const string KeyEncryptionKey = "DataProtection:KeyEncryptionKey";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("AktivResept")
            .PersistKeysToDbContext<AktivDbContext>();
        if (configuration[KeyEncryptionKey] is { Length: > 0 } key)
        {
            var encryptor = new KeyRingEncryptor(ConfiguredKey.Decode(key, KeyEncryptionKey));
            dataProtection.AddKeyManagementOptions(o => o.XmlEncryptor = encryptor);
        }

        return services;
    }
}

/// <summary>Encrypts one key's XML with AES-256-GCM; the element names the decryptor and the format version.</summary>
internal sealed class KeyRingEncryptor(byte[] key) : IXmlEncryptor
{
    internal static readonly XNamespace Ns = "urn:aktivresept:data-protection-key";
    internal const int NonceSize = 12;
    internal const int TagSize = 16;

    /// <summary>Bound into the tag: a ciphertext from any other use of a 256-bit key does not open as a key ring entry.</summary>
    internal static readonly byte[] Context = Encoding.UTF8.GetBytes("AktivResept data-protection key v1");

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Context);
        }

        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement(Ns + "encryptedKey",
            new XAttribute("version", "1"),
            new XComment(" AES-256-GCM under DataProtection:KeyEncryptionKey "),
            new XElement(Ns + "value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
    }
}

/// <summary>
/// Opens what <see cref="KeyRingEncryptor"/> sealed. The framework creates it by type name with the app's services,
/// so it reads the key from configuration itself. A wrong key or a changed row fails the tag check and the framework
/// treats that key as unusable (readiness then reports the key ring, DataProtectionHealthCheck).
/// </summary>
internal sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var configured = services.GetRequiredService<IConfiguration>()[SharedKeyRing.KeyEncryptionKey] ?? string.Empty;
        var key = ConfiguredKey.Decode(configured, SharedKeyRing.KeyEncryptionKey);
        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element(KeyRingEncryptor.Ns + "value")
            ?? throw new CryptographicException("The encrypted data-protection key has no value."));
        var length = sealedBytes.Length - KeyRingEncryptor.NonceSize - KeyRingEncryptor.TagSize;
        if (length < 0)
        {
            throw new CryptographicException("The encrypted data-protection key is truncated.");
        }

        var plain = new byte[length];
        using (var aes = new AesGcm(key, KeyRingEncryptor.TagSize))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, KeyRingEncryptor.NonceSize), sealedBytes.AsSpan(KeyRingEncryptor.NonceSize, length),
                sealedBytes.AsSpan(KeyRingEncryptor.NonceSize + length), plain, KeyRingEncryptor.Context);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
