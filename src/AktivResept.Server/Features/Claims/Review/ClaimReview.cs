using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Claims;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Claims.Review;

public sealed record LineDecisionRequest(string? Decision, PayerReason? Reason, string? Note);

public sealed record ReviewResult(Guid ClaimId, ClaimStatus Status, int Decided, int Undecided);

/// <summary>
/// The payer caseworker's side: take a submitted claim into review, approve or reject lines (rejections need a reason
/// code; free text explains), approve in bulk the lines that passed every rule and raised no signal, and settle the
/// claim once every payable line is decided.
/// </summary>
public sealed class ClaimReview(AktivDbContext db, ClaimAccess access, ClaimHistory history, AuditLog audit, TimeProvider clock)
{
    public const int MaxNoteLength = 1000;

    public async Task<Outcome<ReviewResult>> StartAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        if (await FindAsync(user, id, "review", ct) is not { } claim)
        {
            return Failure.NotFound();
        }

        if (claim.Status == ClaimStatus.UnderReview)
        {
            return await ResultAsync(claim, ct);
        }

        if (!history.TryMove(claim, ClaimStatus.UnderReview, user, clock.GetUtcNow()))
        {
            return Failure.Of(ApiErrorCodes.OnlySubmittedReview.With(("status", claim.Status)));
        }

        await db.SaveChangesAsync(ct);
        return await ResultAsync(claim, ct);
    }

    public async Task<Outcome<ReviewResult>> DecideLineAsync(CurrentUser user, Guid id, Guid lineId, LineDecisionRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var approve = string.Equals(request.Decision, "approve", StringComparison.OrdinalIgnoreCase);
        var reject = string.Equals(request.Decision, "reject", StringComparison.OrdinalIgnoreCase);
        if (!approve && !reject)
        {
            errors.Add("decision", ErrorCodes.OneOf.With(("allowed", "approve, reject")));
        }

        if (reject && request.Reason is null)
        {
            errors.Add("reason", ApiErrorCodes.ReasonCodeRequired);
        }

        if (request.Note?.Length > MaxNoteLength)
        {
            errors.Add("note", ErrorCodes.MaxLength.With(("max", MaxNoteLength)));
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (await FindAsync(user, id, "decide", ct) is not { } claim)
        {
            return Failure.NotFound();
        }

        var line = await db.ClaimLines.FirstOrDefaultAsync(l => l.Id == lineId && l.ClaimId == id, ct);
        if (line is null)
        {
            return Failure.Of(ApiErrorCodes.NoSuchLine);
        }

        if (await EnsureUnderReviewAsync(claim, user, ct) is { } notOpen)
        {
            return notOpen;
        }

        if (line.Status == ClaimLineStatus.Refused)
        {
            return Failure.Of(ApiErrorCodes.LineRefused.With(("reasons", string.Join(", ", line.Refusals))));
        }

        var now = clock.GetUtcNow();
        line.Status = approve ? ClaimLineStatus.Approved : ClaimLineStatus.Rejected;
        line.PayerReason = approve ? null : request.Reason;
        line.PayerNote = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        line.DecidedAt = now;
        line.DecidedBy = user.Subject;
        claim.UpdatedAt = now;
        claim.Version++;
        audit.Add(user, $"Claim/{id}/lines/{lineId}", $"{AuditAction.Update}:{line.Status}", AuditOutcome.Success, line.ParticipantId);
        await db.SaveChangesAsync(ct);
        return await ResultAsync(claim, ct);
    }

    /// <summary>Approves every undecided line that passed every rule and raised no signal; flagged lines stay for a person to judge.</summary>
    public async Task<Outcome<ReviewResult>> ApproveCleanAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        if (await FindAsync(user, id, "approve-clean", ct) is not { } claim)
        {
            return Failure.NotFound();
        }

        if (await EnsureUnderReviewAsync(claim, user, ct) is { } notOpen)
        {
            return notOpen;
        }

        var now = clock.GetUtcNow();
        var approved = await db.ClaimLines
            .Where(l => l.ClaimId == id && l.Status == ClaimLineStatus.Priced && l.Signals.Count == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, ClaimLineStatus.Approved).SetProperty(l => l.DecidedAt, now).SetProperty(l => l.DecidedBy, user.Subject), ct);
        claim.UpdatedAt = now;
        claim.Version++;
        audit.Add(user, $"Claim/{id}/lines", $"{AuditAction.Update}:approve-clean:{approved}", AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return await ResultAsync(claim, ct);
    }

    /// <summary>Settles the claim as Approved, PartiallyApproved or Rejected from its line decisions.</summary>
    public async Task<Outcome<ReviewResult>> CompleteAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        if (await FindAsync(user, id, "complete", ct) is not { } claim)
        {
            return Failure.NotFound();
        }

        if (claim.Status != ClaimStatus.UnderReview)
        {
            return Failure.Of(ApiErrorCodes.OnlyUnderReviewComplete.With(("status", claim.Status)));
        }

        var lines = await db.ClaimLines.Where(l => l.ClaimId == id).ToListAsync(ct);
        if (ClaimLifecycle.Outcome(lines.Select(l => l.Status)) is not { } outcome)
        {
            var open = lines.Count(l => l.Status == ClaimLineStatus.Priced);
            return Failure.Of(ApiErrorCodes.Undecided.With(("count", open)));
        }

        var now = clock.GetUtcNow();
        history.TryMove(claim, outcome, user, now);
        claim.DecidedAt = now;
        claim.Recount(lines);
        await db.SaveChangesAsync(ct);
        return await ResultAsync(claim, ct);
    }

    private async Task<Claim?> FindAsync(CurrentUser user, Guid id, string action, CancellationToken ct)
    {
        var claim = await access.PayerOfAsync(user, ct) is { } payer
            ? await db.Claims.FirstOrDefaultAsync(c => c.Id == id && c.PayerId == payer && c.Status != ClaimStatus.Draft, ct)
            : null;
        if (claim is null)
        {
            await audit.DeniedAsync(user, $"Claim/{id}", $"{AuditAction.Update}:{action}", ct);
        }

        return claim;
    }

    /// <summary>Deciding a line on a submitted claim takes it into review; decided claims are closed.</summary>
    private async Task<Failure?> EnsureUnderReviewAsync(Claim claim, CurrentUser user, CancellationToken ct)
    {
        if (claim.Status == ClaimStatus.Submitted)
        {
            history.TryMove(claim, ClaimStatus.UnderReview, user, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }

        return claim.Status == ClaimStatus.UnderReview
            ? null
            : Failure.Of(ApiErrorCodes.NotUnderReview.With(("status", claim.Status)));
    }

    private async Task<ReviewResult> ResultAsync(Claim claim, CancellationToken ct)
    {
        var counts = await db.ClaimLines.Where(l => l.ClaimId == claim.Id && l.Status != ClaimLineStatus.Refused)
            .GroupBy(l => l.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var undecided = counts.Where(c => c.Status == ClaimLineStatus.Priced).Sum(c => c.Count);
        return new ReviewResult(claim.Id, claim.Status, counts.Sum(c => c.Count) - undecided, undecided);
    }
}
