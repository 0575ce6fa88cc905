using AktivResept.Domain.Audit;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Audit;

/// <summary>What <c>verify-audit</c> found in one month: the chain's verdict, where it ends, and whether the month is closed.</summary>
public sealed record AuditMonthReport(DateOnly Month, AuditVerification Verification, long LastSequence, AuditMonthSeal? Closing, string? Problem = null);

/// <summary>What <c>verify-audit</c> found: each month's chain in month order (stopping at the first broken one), and rows the sealer has not reached yet.</summary>
public sealed record AuditChainReport(IReadOnlyList<AuditMonthReport> Months, int Unsealed, IReadOnlyList<DateOnly> Dropped)
{
    public AuditMonthReport? Broken => Months.FirstOrDefault(m => !m.Verification.Intact);

    public long Verified => Months.Sum(m => m.Verification.Verified);
}

/// <summary>
/// Reads each month's sealed chain back in sequence order, a page at a time, and verifies it from the month's genesis
/// (<see cref="AuditChain.Verify"/>). A closed month's chain must still reach the end its closing recorded with the
/// same hash, so cutting its tail (row and seal together) is named too. Months retention dropped are listed, not read.
/// </summary>
public sealed class AuditChainReader(AktivDbContext db)
{
    private const int PageSize = 5000;

    public async Task<AuditChainReport> VerifyAsync(CancellationToken ct, DateOnly? only = null)
    {
        var closings = await db.AuditMonthSeals.AsNoTracking().ToListAsync(ct);
        var sealedMonths = await db.AuditSeals.AsNoTracking().Select(s => s.Month).Distinct().ToListAsync(ct);
        var months = sealedMonths.Concat(closings.Where(c => c.DroppedAt is null).Select(c => c.Month))
            .Distinct().Where(m => only is null || m == only).Order().ToList();
        var reports = new List<AuditMonthReport>();
        foreach (var month in months)
        {
            var report = await VerifyMonthAsync(month, closings.FirstOrDefault(c => c.Month == month), ct);
            reports.Add(report);
            if (!report.Verification.Intact)
            {
                break;
            }
        }

        var unsealed = await db.AuditRecords.CountAsync(a => !db.AuditSeals.Any(s => s.AuditRecordId == a.Id), ct);
        var dropped = closings.Where(c => c.DroppedAt is not null && (only is null || c.Month == only)).Select(c => c.Month).Order().ToList();
        return new(reports, unsealed, dropped);
    }

    private async Task<AuditMonthReport> VerifyMonthAsync(DateOnly month, AuditMonthSeal? closing, CancellationToken ct)
    {
        var start = AuditMonth.Start(month);
        var end = AuditMonth.End(month);
        var expected = 1L;
        var hash = AuditChain.GenesisOf(month);
        var verified = 0L;
        byte[]? hashAtClosing = closing is { LastSequence: 0 } ? hash : null;
        AuditVerification result = new(0, null, null, hash);
        while (true)
        {
            var after = expected - 1;
            var page = await (from s in db.AuditSeals.AsNoTracking()
                              where s.Month == month && s.Sequence > after
                              orderby s.Sequence
                              join r in db.AuditRecords.AsNoTracking().Where(r => r.At >= start && r.At < end) on s.AuditRecordId equals r.Id into rows
                              from r in rows.DefaultIfEmpty()
                              select new { s.Sequence, s.AuditRecordId, s.Hash, Record = r })
                .Take(PageSize).ToListAsync(ct);
            if (page.Count == 0)
            {
                break;
            }

            var links = new List<AuditLink>(page.Count);
            foreach (var p in page)
            {
                // A row whose At was moved out of the month is not gone: read it wherever it is, so it is named as changed.
                var record = p.Record ?? await db.AuditRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == p.AuditRecordId, ct);
                links.Add(new AuditLink(p.Sequence, p.AuditRecordId, record is null ? null : AuditEntries.Of(record), p.Hash));
            }

            result = AuditChain.Verify(links, expected, hash);
            verified += result.Verified;
            if (!result.Intact)
            {
                return new(month, result with { Verified = verified }, expected - 1, closing);
            }

            if (closing is not null && page.FirstOrDefault(p => p.Sequence == closing.LastSequence) is { } atClosing)
            {
                hashAtClosing = atClosing.Hash;
            }

            hash = result.LastHash;
            expected = page[^1].Sequence + 1;
        }

        var last = expected - 1;
        if (closing is not null && last < closing.LastSequence)
        {
            return new(month, new(verified, last + 1, AuditBreak.Missing, hash), last, closing,
                $"the chain ends at {last}, before the month's closing at {closing.LastSequence}");
        }

        if (closing is not null && (hashAtClosing is null || !hashAtClosing.AsSpan().SequenceEqual(closing.LastHash)))
        {
            return new(month, new(verified, closing.LastSequence, AuditBreak.Changed, hash), last, closing,
                "the sealed hash differs from the month's closing; the chain was rewritten at or before it");
        }

        return new(month, result with { Verified = verified }, last, closing);
    }

    /// <summary>The hash sealed at a month's sequence number, or null when there is no such seal.</summary>
    public Task<byte[]?> HashAtAsync(DateOnly month, long sequence, CancellationToken ct) =>
        db.AuditSeals.AsNoTracking().Where(s => s.Month == month && s.Sequence == sequence).Select(s => s.Hash).FirstOrDefaultAsync(ct);

    /// <summary>The last sealed link of a month (or of the latest month with seals), or null before its first seal.</summary>
    public async Task<(DateOnly Month, long Sequence, byte[] Hash)?> LastAsync(DateOnly? month, CancellationToken ct)
    {
        var seals = db.AuditSeals.AsNoTracking();
        if (month is { } m)
        {
            seals = seals.Where(s => s.Month == m);
        }

        var last = await seals.OrderByDescending(s => s.Month).ThenByDescending(s => s.Sequence).Select(s => new { s.Month, s.Sequence, s.Hash }).FirstOrDefaultAsync(ct);
        return last is null ? null : (last.Month, last.Sequence, last.Hash);
    }

    /// <summary>Whether a month is closed (<see cref="AuditMonthSeal"/>).</summary>
    public Task<bool> IsClosedAsync(DateOnly month, CancellationToken ct) => db.AuditMonthSeals.AnyAsync(m => m.Month == month, ct);
}
