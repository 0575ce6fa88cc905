using System.Security.Cryptography;
using AktivResept.Server.Common.Security;

namespace AktivResept.Server.Features.Research;

/// <summary>
/// A project's pseudonym key: 256 random bits made at creation and stored only encrypted at rest (<see cref="AtRestCipher"/>).
/// It never leaves the server; it keys the project's pseudonyms and date shifts, so two projects cannot link their files.
/// </summary>
public class ResearchKeys(AtRestCipher cipher)
{
    public const int KeyBytes = 32;

    /// <summary>A new key, encrypted; null when it cannot be made and read back (the project is then not created).</summary>
    public virtual byte[]? NewEncryptedKey()
    {
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            var stored = cipher.EncryptBytes(key);
            return CryptographicOperations.FixedTimeEquals(cipher.DecryptBytes(stored), key) ? stored : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The project's key, or null when it is missing or cannot be decrypted (an export is then refused).</summary>
    public byte[]? Read(byte[]? stored)
    {
        if (stored is not { Length: > 28 })
        {
            return null;
        }

        try
        {
            var key = cipher.DecryptBytes(stored);
            return key.Length == KeyBytes ? key : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The person's pseudonym in one project: HMAC-SHA256(project key, internal person id), lower-case hex (128 bits).</summary>
    public static string Pseudonym(byte[] projectKey, Guid person)
    {
        using var mac = new ProjectMac(projectKey);
        return Pseudonym(mac, person);
    }

    /// <summary><see cref="Pseudonym(byte[], Guid)"/> with an HMAC instance reused over a whole export.</summary>
    public static string Pseudonym(ProjectMac projectMac, Guid person)
    {
        ArgumentNullException.ThrowIfNull(projectMac);
        Span<byte> id = stackalloc byte[16];
        person.TryWriteBytes(id);
        Span<byte> mac = stackalloc byte[32];
        projectMac.Compute(id, mac);
        return Convert.ToHexStringLower(mac[..16]);
    }
}

/// <summary>
/// HMAC-SHA256 under one project key, one instance reused for every person of an export (a new HMAC per value costs
/// more than the hash itself). Not thread-safe: one per export.
/// </summary>
public sealed class ProjectMac(byte[] projectKey) : IDisposable
{
    private readonly IncrementalHash hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, projectKey);

    /// <summary>The 32-byte MAC of the message.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> mac)
    {
        hmac.AppendData(message);
        hmac.GetHashAndReset(mac);
    }

    public void Dispose() => hmac.Dispose();
}
