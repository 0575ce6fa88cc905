using System.Security.Cryptography;
using System.Xml.Linq;
using AktivResept.Server.Common.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Security;

/// <summary>Issue 19: the data-protection keys are stored encrypted; only DataProtection:KeyEncryptionKey opens them.</summary>
public sealed class SharedKeyRingTests
{
    private static readonly XElement Key = XElement.Parse("<key id=\"1\"><descriptor><masterKey><value>c2VjcmV0LWtleS1tYXRlcmlhbA==</value></masterKey></descriptor></key>");

    [Fact]
    public void A_stored_key_holds_none_of_its_plaintext_and_opens_with_the_configured_key()
    {
        var keyEncryptionKey = DevelopmentSecrets.NewKey();

        var stored = new KeyRingEncryptor(Convert.FromBase64String(keyEncryptionKey)).Encrypt(Key);

        stored.EncryptedElement.ToString().ShouldNotContain("masterKey");
        stored.EncryptedElement.ToString().ShouldNotContain("c2VjcmV0");
        stored.DecryptorType.ShouldBe(typeof(KeyRingDecryptor));
        Decryptor(keyEncryptionKey).Decrypt(stored.EncryptedElement).ToString().ShouldBe(Key.ToString());
    }

    [Fact]
    public void Another_key_or_a_changed_row_does_not_open()
    {
        var keyEncryptionKey = DevelopmentSecrets.NewKey();
        var stored = new KeyRingEncryptor(Convert.FromBase64String(keyEncryptionKey)).Encrypt(Key).EncryptedElement;
        Decryptor(keyEncryptionKey).Decrypt(stored).ToString().ShouldBe(Key.ToString());

        Should.Throw<AuthenticationTagMismatchException>(() => Decryptor(DevelopmentSecrets.NewKey()).Decrypt(stored));

        var value = stored.Elements().Single(e => e.Name.LocalName == "value");
        var bytes = Convert.FromBase64String(value.Value);
        bytes[^1] ^= 1;
        value.Value = Convert.ToBase64String(bytes);
        Should.Throw<AuthenticationTagMismatchException>(() => Decryptor(keyEncryptionKey).Decrypt(stored));
    }

    /// <summary>As the framework makes it: by type, with the app's services.</summary>
    private static KeyRingDecryptor Decryptor(string keyEncryptionKey)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SharedKeyRing.KeyEncryptionKey] = keyEncryptionKey })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).BuildServiceProvider();
        return ActivatorUtilities.CreateInstance<KeyRingDecryptor>(services);
    }
}
