using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AktivResept.Domain.Audit;

/// <summary>
/// A signed statement that the chain of <see cref="Month"/> (<c>yyyy-MM</c>; see <see cref="AuditMonth"/>) reached
/// <see cref="Sequence"/> with <see cref="Hash"/> at <see cref="ExportedAt"/>. A checkpoint without a month is of the
/// single chain before the log was partitioned (v1) and is read as the latest month's.
/// Kept outside the database, it shows a chain that was cut short or rewritten from some row on and re-hashed: anyone
/// with write access to the database can recompute hashes, but not the HMAC without the key, which is never stored there.
/// <see cref="KeyId"/> names the signing key, so the key can rotate and older checkpoints still verify; null is the
/// unnamed key of checkpoints from before key ids (their signature is unchanged).
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset ExportedAt, string Signature, string? Month = null, string? KeyId = null)
{
    public static AuditCheckpoint Create(long sequence, byte[] hash, DateTimeOffset exportedAt, byte[] key, DateOnly? month = null, string? keyId = null)
    {
        var hex = Convert.ToHexStringLower(hash);
        var label = month is { } m ? AuditMonth.Label(m) : null;
        return new(sequence, hex, exportedAt, Sign(label, keyId, sequence, hex, exportedAt, key), label, keyId);
    }

    public bool IsSignedWith(byte[] key)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(Month, KeyId, Sequence, Hash, ExportedAt, key));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(Signature ?? string.Empty));
    }

    /// <summary>
    /// v1: the single chain, unnamed key (before partitions and key ids); v2: a month's chain, unnamed key; v3: a named key,
    /// which is signed too so a checkpoint cannot be re-labelled to another key.
    /// </summary>
    private static string Sign(string? month, string? keyId, long sequence, string hash, DateTimeOffset exportedAt, byte[] key)
    {
        var instant = AuditChain.Instant(exportedAt);
        var message = (month, keyId) switch
        {
            (null, null) => string.Create(CultureInfo.InvariantCulture, $"aktivresept-audit-checkpoint/v1|{sequence}|{hash}|{instant}"),
            (_, null) => string.Create(CultureInfo.InvariantCulture, $"aktivresept-audit-checkpoint/v2|{month}|{sequence}|{hash}|{instant}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"aktivresept-audit-checkpoint/v3|{month}|{keyId}|{sequence}|{hash}|{instant}"),
        };
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)));
    }
}
