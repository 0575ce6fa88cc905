using AktivResept.Domain.Audit;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Audit;

/// <summary>What <c>verify-audit</c> found: the chain's verdict, and rows the sealer has not reached yet.</summary>
public sealed record AuditChainReport(AuditVerification Verification, long LastSequence, int Unsealed);

/// <summary>Reads the sealed chain back in sequence order, a page at a time, and verifies it (<see cref="AuditChain.Verify"/>).</summary>
public sealed class AuditChainReader(AktivDbContext db)
{
    private const int PageSize = 5000;

    public async Task<AuditChainReport> VerifyAsync(CancellationToken ct)
    {
        var expected = 1L;
        var hash = AuditChain.Genesis;
        var verified = 0L;
        AuditVerification result = new(0, null, null, hash);
        while (true)
        {
            var after = expected - 1;
            var page = await (from s in db.AuditSeals.AsNoTracking()
                              where s.Sequence > after
                              orderby s.Sequence
                              join r in db.AuditRecords.AsNoTracking() on s.AuditRecordId equals r.Id into rows
                              from r in rows.DefaultIfEmpty()
                              select new { s.Sequence, s.AuditRecordId, s.Hash, Record = r })
                .Take(PageSize).ToListAsync(ct);
            if (page.Count == 0)
            {
                break;
            }

            result = AuditChain.Verify(page.Select(p => new AuditLink(p.Sequence, p.AuditRecordId, p.Record is null ? null : AuditEntries.Of(p.Record), p.Hash)), expected, hash);
            verified += result.Verified;
            if (!result.Intact)
            {
                break;
            }

            hash = result.LastHash;
            expected = page[^1].Sequence + 1;
        }

        var unsealed = await db.AuditRecords.CountAsync(a => !db.AuditSeals.Any(s => s.AuditRecordId == a.Id), ct);
        return new(result with { Verified = verified }, expected - 1, unsealed);
    }

    /// <summary>The hash sealed at a sequence number, or null when there is no such seal.</summary>
    public Task<byte[]?> HashAtAsync(long sequence, CancellationToken ct) =>
        db.AuditSeals.AsNoTracking().Where(s => s.Sequence == sequence).Select(s => s.Hash).FirstOrDefaultAsync(ct);

    /// <summary>The last sealed sequence number and its hash, or null before the first seal.</summary>
    public async Task<(long Sequence, byte[] Hash)?> LastAsync(CancellationToken ct)
    {
        var last = await db.AuditSeals.AsNoTracking().OrderByDescending(s => s.Sequence).Select(s => new { s.Sequence, s.Hash }).FirstOrDefaultAsync(ct);
        return last is null ? null : (last.Sequence, last.Hash);
    }
}
