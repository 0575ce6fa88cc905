using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Claims.Generation;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Claims.Corrections;

public sealed record CreditLineRequest(string? Reason);

public sealed record CreditView(Guid ClaimId, Guid LineId, Guid CreditOfLineId, decimal PublicShare);

/// <summary>
/// Corrections are credits, never deletes: a provider admin reverses an approved line (e.g. a session registered in
/// error) with a credit line of the opposite amounts on the month's draft, which goes to the payer like any claim.
/// A line can be credited once (a unique index), and the original stays as it was.
/// </summary>
public sealed class ClaimCredits(AktivDbContext db, ClaimAccess access, ClaimGenerator generator, AuditLog audit, TimeProvider clock)
{
    public const int MaxReasonLength = 1000;

    public async Task<Outcome<CreditView>> CreditAsync(CurrentUser user, Guid claimId, Guid lineId, CreditLineRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReasonLength)
        {
            return Failure.Invalid("reason", ErrorCodes.RequiredMaxLength.With(("max", MaxReasonLength)));
        }

        var provider = await access.ProviderOfAsync(user, ct);
        var claim = provider is null ? null : await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId && c.ProviderId == provider, ct);
        var line = claim is null ? null : await db.ClaimLines.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lineId && l.ClaimId == claimId, ct);
        if (line is null)
        {
            await audit.DeniedAsync(user, $"Claim/{claimId}/lines/{lineId}", $"{AuditAction.Create}:credit", ct);
            return Failure.NotFound();
        }

        if (line.Kind != ClaimLineKind.Charge || line.Status != ClaimLineStatus.Approved)
        {
            return Failure.Of(ApiErrorCodes.OnlyApprovedCredit.With(("kind", line.Kind), ("status", line.Status)));
        }

        if (await db.ClaimLines.AnyAsync(l => l.CreditOfLineId == lineId, ct))
        {
            return Failure.Of(ApiErrorCodes.AlreadyCredited);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClaimLocks.LockMonthAsync(db, claim!.ProviderId, claim.Month, ct);
        var draft = await db.Claims.FirstOrDefaultAsync(c => c.ProviderId == claim.ProviderId && c.PayerId == claim.PayerId && c.Month == claim.Month && c.Status == ClaimStatus.Draft, ct)
            ?? await generator.NewClaimAsync(claim.ProviderId, claim.PayerId, claim.Month, user.AsActor, now, ct);
        var credit = new ClaimLine
        {
            ClaimId = draft.Id,
            Kind = ClaimLineKind.Credit,
            CreditOfLineId = line.Id,
            PrescriptionId = line.PrescriptionId,
            ParticipantId = line.ParticipantId,
            TrainerId = line.TrainerId,
            ServiceDate = line.ServiceDate,
            OccurredAt = line.OccurredAt,
            Service = line.Service,
            TariffId = line.TariffId,
            Tariff = -line.Tariff,
            PublicShare = -line.PublicShare,
            Copay = -line.Copay,
            CoFinancing = -line.CoFinancing,
            Status = ClaimLineStatus.Priced,
        };
        db.ClaimLines.Add(credit);
        db.ClaimEvents.Add(new ClaimEvent { ClaimId = draft.Id, To = ClaimStatus.Draft, From = ClaimStatus.Draft, Actor = user.Subject, Role = user.Role, At = now, Note = $"credit of line {line.Id}: {request.Reason.Trim()}" });
        await db.SaveChangesAsync(ct);
        draft.Recount(await db.ClaimLines.AsNoTracking().Where(l => l.ClaimId == draft.Id).ToListAsync(ct));
        draft.Version++;
        draft.UpdatedAt = now;
        audit.Add(user, $"Claim/{claimId}/lines/{lineId}", $"{AuditAction.Create}:credit", AuditOutcome.Success, line.ParticipantId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new CreditView(draft.Id, credit.Id, line.Id, credit.PublicShare);
    }
}
