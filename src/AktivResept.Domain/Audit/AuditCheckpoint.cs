using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AktivResept.Domain.Audit;

/// <summary>
/// A signed statement that the chain reached <see cref="Sequence"/> with <see cref="Hash"/> at <see cref="ExportedAt"/>.
/// Kept outside the database, it shows a chain that was cut short or rewritten from some row on and re-hashed: anyone
/// with write access to the database can recompute hashes, but not the HMAC without the key, which is never stored there.
/// <see cref="KeyId"/> names the signing key, so the key can rotate and older checkpoints still verify; null is the
/// unnamed key of checkpoints from before key ids (their signature is unchanged).
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset ExportedAt, string Signature, string? KeyId = null)
{
    public static AuditCheckpoint Create(long sequence, byte[] hash, DateTimeOffset exportedAt, byte[] key, string? keyId = null)
    {
        var hex = Convert.ToHexStringLower(hash);
        return new(sequence, hex, exportedAt, Sign(sequence, hex, exportedAt, key, keyId), keyId);
    }

    public bool IsSignedWith(byte[] key)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(Sequence, Hash, ExportedAt, key, KeyId));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(Signature ?? string.Empty));
    }

    /// <summary>v1 without a key id (as before key ids); v2 signs the key id too, so a checkpoint cannot be re-labelled.</summary>
    private static string Sign(long sequence, string hash, DateTimeOffset exportedAt, byte[] key, string? keyId)
    {
        var message = keyId is null
            ? string.Create(CultureInfo.InvariantCulture, $"aktivresept-audit-checkpoint/v1|{sequence}|{hash}|{AuditChain.Instant(exportedAt)}")
            : string.Create(CultureInfo.InvariantCulture, $"aktivresept-audit-checkpoint/v2|{keyId}|{sequence}|{hash}|{AuditChain.Instant(exportedAt)}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)));
    }
}
