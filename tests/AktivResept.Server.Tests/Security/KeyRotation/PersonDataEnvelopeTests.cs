using System.Security.Cryptography;
using AktivResept.Server.Common.Security;
using FsCheck;
using FsCheck.Xunit;

namespace AktivResept.Server.Tests.Security.KeyRotation;

/// <summary>The key-id envelope of values at rest and the key ring that reads them (docs/security.md "Key rotation").</summary>
public sealed class PersonDataEnvelopeTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

    private static readonly string KeyA = DevelopmentSecrets.NewKey();
    private static readonly string KeyB = DevelopmentSecrets.NewKey();

    [Property]
    public bool Any_value_round_trips_under_any_valid_key_id_and_names_its_key(byte[] plain, PositiveInt seed)
    {
        var keyId = KeyIdFrom(seed.Get);
        var cipher = Cipher(current: keyId, legacy: null, (keyId, KeyA));

        var stored = cipher.EncryptBytes(plain);

        return cipher.DecryptBytes(stored).AsSpan().SequenceEqual(plain)
            && AtRestCipher.KeyIdOf(stored) == keyId
            && cipher.IsUnderCurrentKey(stored);
    }

    [Property]
    public bool Changing_any_one_byte_of_a_stored_value_makes_it_fail_to_open(NonEmptyArray<byte> plain, NonNegativeInt position, byte flip)
    {
        var cipher = Cipher(current: "2026-12", legacy: KeyB, ("2026-12", KeyA));
        var stored = cipher.EncryptBytes(plain.Get);
        stored[position.Get % stored.Length] ^= (byte)(flip == 0 ? 1 : flip);

        try
        {
            cipher.DecryptBytes(stored);
            return false;
        }
        catch (CryptographicException)
        {
            return true;
        }
    }

    [Fact]
    public void A_header_is_read_back_as_its_key_id_and_length()
    {
        var header = PersonDataEnvelope.Header("k-2026.12_b");

        PersonDataEnvelope.TryReadKeyId([.. header, 1, 2, 3], out var keyId, out var length).ShouldBeTrue();
        keyId.ShouldBe("k-2026.12_b");
        length.ShouldBe(header.Length);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0xA5, 1 })]
    [InlineData(new byte[] { 0xA5, 1, 0 })]
    [InlineData(new byte[] { 0xA5, 1, 33 })]
    [InlineData(new byte[] { 0xA5, 1, 3, (byte)'a', (byte)'b' })]
    [InlineData(new byte[] { 0xA5, 2, 1, (byte)'a' })]
    [InlineData(new byte[] { 0xA4, 1, 1, (byte)'a' })]
    [InlineData(new byte[] { 0xA5, 1, 1, (byte)' ' })]
    [InlineData(new byte[] { 0xA5, 1, 1, 0xC3 })]
    public void Bytes_that_are_not_a_header_name_no_key(byte[] value) =>
        PersonDataEnvelope.TryReadKeyId(value, out _, out _).ShouldBeFalse();

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("ø")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void A_key_id_outside_the_alphabet_or_length_is_invalid(string keyId) =>
        PersonDataEnvelope.IsValidKeyId(keyId).ShouldBeFalse();

    [Fact]
    public void A_value_from_before_key_ids_opens_with_the_legacy_key_and_counts_as_under_it()
    {
        var legacy = LegacyEncrypt(KeyA, "12345678901"u8);
        var ring = Cipher(current: "B", legacy: KeyA, ("B", KeyB));

        ring.DecryptBytes(legacy).ShouldBe("12345678901"u8.ToArray());
        AtRestCipher.KeyIdOf(legacy).ShouldBe(PersonDataEnvelope.LegacyKeyId);
        ring.IsUnderCurrentKey(legacy).ShouldBeFalse();
    }

    [Fact]
    public void With_only_the_legacy_key_new_values_carry_its_id()
    {
        var legacyOnly = Cipher(current: null, legacy: KeyA);

        var stored = legacyOnly.EncryptBytes("x"u8);

        AtRestCipher.KeyIdOf(stored).ShouldBe(PersonDataEnvelope.LegacyKeyId);
        Cipher(current: "B", legacy: KeyA, ("B", KeyB)).DecryptBytes(stored).ShouldBe("x"u8.ToArray());
    }

    [Fact]
    public void A_value_under_an_older_key_still_opens_and_new_values_use_the_current()
    {
        var old = Cipher(current: "A", legacy: null, ("A", KeyA)).EncryptBytes("secret"u8);
        var ring = Cipher(current: "B", legacy: null, ("A", KeyA), ("B", KeyB));

        ring.DecryptBytes(old).ShouldBe("secret"u8.ToArray());
        AtRestCipher.KeyIdOf(ring.EncryptBytes("secret"u8)).ShouldBe("B");
    }

    [Fact]
    public void A_value_under_a_key_not_in_the_ring_fails_naming_the_key_id()
    {
        var stored = Cipher(current: "A", legacy: null, ("A", KeyA)).EncryptBytes("secret"u8);
        var retired = Cipher(current: "B", legacy: null, ("B", KeyB));

        Should.Throw<UnknownPersonDataKeyException>(() => retired.DecryptBytes(stored)).KeyId.ShouldBe("A");
        Should.Throw<UnknownPersonDataKeyException>(() => retired.DecryptBytes(LegacyEncrypt(KeyA, "x"u8))).KeyId.ShouldBe(PersonDataEnvelope.LegacyKeyId);
    }

    [Fact]
    public void Another_key_under_a_known_id_is_a_tamper_failure_not_a_misread()
    {
        var stored = Cipher(current: "A", legacy: null, ("A", KeyA)).EncryptBytes("secret"u8);

        Should.Throw<AuthenticationTagMismatchException>(() => Cipher(current: "A", legacy: null, ("A", KeyB)).DecryptBytes(stored));
    }

    [Theory]
    [InlineData(null, null, null, "Security:PersonDataKey is not set")]
    [InlineData(null, "B", null, "Security:PersonDataKeyId is not set")]
    [InlineData("A", "B", "C", "Security:PersonDataKeyId 'C' names no key")]
    [InlineData(null, "legacy", "legacy", "not 'legacy'")]
    [InlineData(null, "has space", "has space", "a key id is 1 to 32")]
    public void A_ring_that_cannot_be_used_is_refused_in_one_line(string? legacy, string? ringId, string? current, string expected)
    {
        var options = Options(current, legacy is null ? null : KeyA, ringId is null ? [] : [(ringId, KeyB)]);

        PersonDataKeyRing.Problem(options).ShouldNotBeNull().ShouldContain(expected);
        Should.Throw<InvalidOperationException>(() => PersonDataKeyRing.From(options));
    }

    [Fact]
    public void A_ring_key_that_is_not_256_bits_is_refused() =>
        PersonDataKeyRing.Problem(Options("B", null, [("B", "AAAA")])).ShouldBe("Security:PersonDataKeys:B is not a base64-encoded 256-bit key.");

    private static string KeyIdFrom(int seed)
    {
        var length = 1 + (seed % PersonDataEnvelope.MaxKeyIdLength);
        return string.Concat(Enumerable.Range(0, length).Select(i => Alphabet[(seed / (i + 1) + i * 7) % Alphabet.Length]));
    }

    private static AtRestCipher Cipher(string? current, string? legacy, params (string Id, string Key)[] ring) =>
        new(PersonDataKeyRing.From(Options(current, legacy, ring)));

    private static PersonDataKeyOptions Options(string? current, string? legacy, (string Id, string Key)[] ring) => new()
    {
        PersonDataKey = legacy ?? string.Empty,
        PersonDataKeyId = current,
        PersonDataKeys = ring.ToDictionary(k => k.Id, k => k.Key),
    };

    /// <summary>How values were written before key ids: nonce, ciphertext, tag, no header and no associated data.</summary>
    private static byte[] LegacyEncrypt(string base64Key, ReadOnlySpan<byte> plain)
    {
        var output = new byte[12 + plain.Length + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(Convert.FromBase64String(base64Key), 16);
        aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(12, plain.Length), output.AsSpan(12 + plain.Length, 16));
        return output;
    }
}
