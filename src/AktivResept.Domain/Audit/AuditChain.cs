using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AktivResept.Domain.Audit;

/// <summary>The content of one audit row that its seal covers: every column but the seal itself.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Role,
    string? Organisation,
    Guid? SubjectPersonId,
    string Resource,
    string Action,
    string Purpose,
    string Outcome,
    string CorrelationId,
    string? ActorName,
    string? ActorHpr,
    string? Category,
    IReadOnlyList<Guid>? SubjectPersonIds = null);

/// <summary>A sealed link of the chain: the row at this sequence number and the hash that seals it.</summary>
public sealed record AuditLink(long Sequence, long RecordId, AuditEntry? Entry, byte[] Hash);

/// <summary>Why a chain does not verify, at the first sequence number that is wrong.</summary>
public enum AuditBreak
{
    /// <summary>The row's content (or its position) no longer gives the sealed hash.</summary>
    Changed,

    /// <summary>The seal names a row that is no longer there.</summary>
    Deleted,

    /// <summary>A sequence number is missing or out of order: a row and its seal were removed or moved.</summary>
    Missing,
}

/// <summary>The first broken sequence number, or none.</summary>
public sealed record AuditVerification(long Verified, long? FirstBroken, AuditBreak? Break, byte[] LastHash)
{
    public bool Intact => FirstBroken is null;
}

/// <summary>
/// The audit log's hash chain: row n is sealed by hash(n) = SHA-256(hash(n-1) || canonical(n, row)), hash(0) being 32
/// zero bytes. The canonical form is length-prefixed UTF-8 with the sequence number and the row id in it, so changing,
/// deleting or reordering any row breaks the chain at that row. Instants are kept to the microsecond, the finest
/// PostgreSQL stores.
/// </summary>
public static class AuditChain
{
    public const int HashLength = 32;

    public static byte[] Genesis => new byte[HashLength];

    /// <summary>
    /// The hash before sequence 1 of one month's chain (<see cref="AuditMonth"/>): bound to the month, so a month's
    /// seals moved under another month do not verify.
    /// </summary>
    public static byte[] GenesisOf(DateOnly month) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"aktivresept-audit-month/v1|{AuditMonth.Label(month)}"));

    public static byte[] Link(byte[] previous, long sequence, AuditEntry entry)
    {
        var content = Canonical(sequence, entry);
        var buffer = new byte[previous.Length + content.Length];
        previous.CopyTo(buffer, 0);
        content.CopyTo(buffer, previous.Length);
        return SHA256.HashData(buffer);
    }

    public static byte[] Canonical(long sequence, AuditEntry e)
    {
        var text = new StringBuilder("aktivresept-audit/v1");
        foreach (var field in new[]
                 {
                     sequence.ToString(CultureInfo.InvariantCulture), e.Id.ToString(CultureInfo.InvariantCulture), Instant(e.At), e.Actor, e.Role,
                     e.Organisation, e.SubjectPersonId?.ToString("D"), e.Resource, e.Action, e.Purpose, e.Outcome, e.CorrelationId,
                     e.ActorName, e.ActorHpr, e.Category,
                 })
        {
            // Length-prefixed so no two different rows read the same ("ab"+"c" vs "a"+"bc"); null is not "".
            text.Append('|').Append(field is null ? "-1" : field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field);
        }

        // A record naming many subjects (one per attendance delivery) seals them too, in stored order. Only such
        // records carry the field, so rows sealed before it existed hash exactly as they did.
        if (e.SubjectPersonIds is { } subjects)
        {
            var ids = string.Join(',', subjects.Select(id => id.ToString("D")));
            text.Append("|subjects").Append(ids.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(ids);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The instant in UTC to the microsecond.</summary>
    public static string Instant(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var micros = utc.Ticks - (utc.Ticks % 10);
        return new DateTime(micros, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Walks links in sequence order from <paramref name="previous"/> (the hash before <paramref name="expectedSequence"/>)
    /// and stops at the first that is missing, points at a deleted row, or does not hash to its seal.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditLink> links, long expectedSequence = 1, byte[]? previous = null)
    {
        var hash = previous ?? Genesis;
        var verified = 0L;
        foreach (var link in links)
        {
            if (link.Sequence != expectedSequence)
            {
                return new(verified, expectedSequence, AuditBreak.Missing, hash);
            }

            if (link.Entry is null)
            {
                return new(verified, link.Sequence, AuditBreak.Deleted, hash);
            }

            if (link.Entry.Id != link.RecordId)
            {
                return new(verified, link.Sequence, AuditBreak.Changed, hash);
            }

            var expected = Link(hash, link.Sequence, link.Entry);
            if (!CryptographicOperations.FixedTimeEquals(expected, link.Hash))
            {
                return new(verified, link.Sequence, AuditBreak.Changed, hash);
            }

            hash = expected;
            verified++;
            expectedSequence++;
        }

        return new(verified, null, null, hash);
    }
}
