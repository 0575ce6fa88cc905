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
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset ExportedAt, string Signature, string? Month = null)
{
    public static AuditCheckpoint Create(long sequence, byte[] hash, DateTimeOffset exportedAt, byte[] key, DateOnly? month = null)
    {
        var hex = Convert.ToHexStringLower(hash);
        var label = month is { } m ? AuditMonth.Label(m) : null;
        return new(sequence, hex, exportedAt, Sign(label, sequence, hex, exportedAt, key), label);
    }

    public bool IsSignedWith(byte[] key)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(Month, Sequence, Hash, ExportedAt, key));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(Signature ?? string.Empty));
    }

    private static string Sign(string? month, long sequence, string hash, DateTimeOffset exportedAt, byte[] key)
    {
        var message = month is null
            ? string.Create(CultureInfo.InvariantCulture, $"aktivresept-audit-checkpoint/v1|{sequence}|{hash}|{AuditChain.Instant(exportedAt)}")
            : string.Create(CultureInfo.InvariantCulture, $"aktivresept-audit-checkpoint/v2|{month}|{sequence}|{hash}|{AuditChain.Instant(exportedAt)}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)));
    }
}
