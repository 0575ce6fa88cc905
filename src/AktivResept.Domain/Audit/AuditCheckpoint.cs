using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AktivResept.Domain.Audit;

/// <summary>
/// A signed statement that the chain reached <see cref="Sequence"/> with <see cref="Hash"/> at <see cref="ExportedAt"/>.
/// Kept outside the database, it shows a chain that was cut short or rewritten from some row on and re-hashed: anyone
/// with write access to the database can recompute hashes, but not the HMAC without the key, which is never stored there.
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset ExportedAt, string Signature)
{
    public static AuditCheckpoint Create(long sequence, byte[] hash, DateTimeOffset exportedAt, byte[] key)
    {
        var hex = Convert.ToHexStringLower(hash);
        return new(sequence, hex, exportedAt, Sign(sequence, hex, exportedAt, key));
    }

    public bool IsSignedWith(byte[] key)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(Sequence, Hash, ExportedAt, key));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(Signature ?? string.Empty));
    }

    private static string Sign(long sequence, string hash, DateTimeOffset exportedAt, byte[] key)
    {
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"aktivresept-audit-checkpoint/v1|{sequence}|{hash}|{AuditChain.Instant(exportedAt)}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)));
    }
}
