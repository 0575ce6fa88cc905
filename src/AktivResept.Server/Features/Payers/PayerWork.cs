using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Payments;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Payers;

/// <summary>
/// What waits for a payer's officer, as counts: claims to review (and since when the oldest waits), threads where the
/// payer asked and the gym has not answered, threads the gym answered while the claim is still in review, and the
/// claims the next payment run pays (with the amount). Counts and dates only, no person.
/// </summary>
public sealed record PayerWorkView(
    string PayerName,
    int ClaimsToReview,
    DateTimeOffset? OldestSubmittedAt,
    int QuestionsAwaitingGym,
    int AnswersToRead,
    int ClaimsToPay,
    decimal AmountToPay);

public sealed class PayerWork(AktivDbContext db, CallerRelationships access, AuditLog audit)
{
    private static readonly ClaimStatus[] InReview = [ClaimStatus.Submitted, ClaimStatus.UnderReview];

    public async Task<Outcome<PayerWorkView>> ForAsync(CurrentUser user, CancellationToken ct)
    {
        if (await access.PayerOfAsync(user, ct) is not { } payerId)
        {
            await audit.DeniedAsync(user, "Payer/work", AuditAction.Read, ct);
            return Failure.Of(ApiErrorCodes.PayerOnly);
        }

        var name = await db.Payers.AsNoTracking().Where(p => p.Id == payerId).Select(p => p.Name).FirstAsync(ct);
        var review = await db.Claims.AsNoTracking().Where(c => c.PayerId == payerId && InReview.Contains(c.Status))
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Oldest = g.Min(c => c.SubmittedAt) })
            .FirstOrDefaultAsync(ct);

        // Each claim's thread by its latest message: the payer's means the gym owes an answer, the gym's one to read.
        var latest = await db.Claims.AsNoTracking().Where(c => c.PayerId == payerId && c.Status != ClaimStatus.Draft)
            .Select(c => new
            {
                c.Status,
                From = db.ClaimMessages.Where(m => m.ClaimId == c.Id).OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Select(m => (ClaimParty?)m.From).FirstOrDefault(),
            })
            .Where(t => t.From != null)
            .ToListAsync(ct);

        var unpaid = PaymentExport.Unpaid(db.Claims.AsNoTracking(), payerId);
        var toPay = await unpaid.CountAsync(ct);
        var amount = toPay == 0 ? 0m : (await unpaid.Select(c => c.ApprovedPublicShare).ToListAsync(ct)).Sum();
        audit.Add(user, $"Payer/{payerId}/work", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return new PayerWorkView(
            name,
            review?.Count ?? 0,
            review?.Oldest,
            latest.Count(t => t.From == ClaimParty.Payer),
            latest.Count(t => t.From == ClaimParty.Provider && InReview.Contains(t.Status)),
            toPay,
            amount);
    }
}
