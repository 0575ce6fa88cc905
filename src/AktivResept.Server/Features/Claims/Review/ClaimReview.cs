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

/// <summary>One decision for many lines: approve, or reject with one reason code (and one note) for them all.</summary>
public sealed record BulkDecisionRequest(IReadOnlyList<Guid>? LineIds, string? Decision, PayerReason? Reason, string? Note);

/// <summary><paramref name="Changed"/>: how many lines this request decided (for "approve clean", 0 when none were clean).</summary>
public sealed record ReviewResult(Guid ClaimId, ClaimStatus Status, int Decided, int Undecided, int Changed = 0);

/// <summary>
/// The payer caseworker's side: take a submitted claim into review, approve or reject lines (rejections need a reason
/// code; free text explains), one at a time or many with one decision, approve in bulk the lines that passed every rule
/// and raised no high-severity signal, and settle the claim once every payable line is decided. A new decision
/// replaces the old one whole: its reason and note go with it (the audit trail keeps each decision).
/// </summary>
public sealed class ClaimReview(AktivDbContext db, ClaimAccess access, ClaimHistory history, AuditLog audit, TimeProvider clock)
{
    public const int MaxNoteLength = 1000;

    /// <summary>The most lines one bulk decision may name.</summary>
    public const int MaxBulkLines = 1000;

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

    public Task<Outcome<ReviewResult>> DecideLineAsync(CurrentUser user, Guid id, Guid lineId, LineDecisionRequest request, CancellationToken ct) =>
        DecideAsync(user, id, new BulkDecisionRequest([lineId], request.Decision, request.Reason, request.Note), single: true, ct);

    public Task<Outcome<ReviewResult>> DecideLinesAsync(CurrentUser user, Guid id, BulkDecisionRequest request, CancellationToken ct) =>
        DecideAsync(user, id, request, single: false, ct);

    private async Task<Outcome<ReviewResult>> DecideAsync(CurrentUser user, Guid id, BulkDecisionRequest request, bool single, CancellationToken ct)
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

        var ids = (request.LineIds ?? []).Distinct().ToList();
        if (ids.Count == 0)
        {
            errors.Add("lineIds", ApiErrorCodes.LinesRequired);
        }
        else if (ids.Count > MaxBulkLines)
        {
            errors.Add("lineIds", ErrorCodes.MaxLength.With(("max", MaxBulkLines)));
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (await FindAsync(user, id, "decide", ct) is not { } claim)
        {
            return Failure.NotFound();
        }

        var lines = new List<ClaimLine>(ids.Count);
        foreach (var chunk in ids.Chunk(500))
        {
            lines.AddRange(await db.ClaimLines.Where(l => l.ClaimId == id && chunk.Contains(l.Id)).ToListAsync(ct));
        }

        if (lines.Count != ids.Count)
        {
            return single ? Failure.Of(ApiErrorCodes.NoSuchLine) : Failure.Invalid("lineIds", ApiErrorCodes.NoSuchLine);
        }

        if (lines.FirstOrDefault(l => l.Status == ClaimLineStatus.Refused) is { } refused)
        {
            return Failure.Of(ApiErrorCodes.LineRefused.With(("reasons", string.Join(", ", refused.Refusals))), single ? null : "lineIds");
        }

        if (await EnsureUnderReviewAsync(claim, user, ct) is { } notOpen)
        {
            return notOpen;
        }

        var now = clock.GetUtcNow();
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        foreach (var line in lines)
        {
            line.Status = approve ? ClaimLineStatus.Approved : ClaimLineStatus.Rejected;
            line.PayerReason = approve ? null : request.Reason;
            line.PayerNote = note;
            line.DecidedAt = now;
            line.DecidedBy = user.Subject;
            audit.Add(user, $"Claim/{id}/lines/{line.Id}", $"{AuditAction.Update}:{line.Status}", AuditOutcome.Success, line.ParticipantId);
        }

        claim.UpdatedAt = now;
        claim.Version++;
        await db.SaveChangesAsync(ct);
        return await ResultAsync(claim, ct, lines.Count);
    }

    /// <summary>
    /// Approves every undecided line that passed every rule and raised no high-severity signal
    /// (<see cref="ClaimSignalSeverity"/>); flagged lines stay for a person to judge. Says how many it approved.
    /// </summary>
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
        var undecided = await db.ClaimLines.Where(l => l.ClaimId == id && l.Status == ClaimLineStatus.Priced)
            .Select(l => new { l.Id, l.Signals }).ToListAsync(ct);
        var clean = undecided.Where(l => ClaimSignalSeverity.IsClean(l.Signals)).Select(l => l.Id).ToList();
        var approved = 0;
        foreach (var chunk in clean.Chunk(500))
        {
            approved += await db.ClaimLines
                .Where(l => l.ClaimId == id && l.Status == ClaimLineStatus.Priced && chunk.Contains(l.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, ClaimLineStatus.Approved).SetProperty(l => l.DecidedAt, now)
                    .SetProperty(l => l.DecidedBy, user.Subject).SetProperty(l => l.PayerReason, (PayerReason?)null).SetProperty(l => l.PayerNote, (string?)null), ct);
        }

        claim.UpdatedAt = now;
        claim.Version++;
        audit.Add(user, $"Claim/{id}/lines", $"{AuditAction.Update}:approve-clean:{approved}", AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return await ResultAsync(claim, ct, approved);
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

    private async Task<ReviewResult> ResultAsync(Claim claim, CancellationToken ct, int changed = 0)
    {
        var counts = await db.ClaimLines.Where(l => l.ClaimId == claim.Id && l.Status != ClaimLineStatus.Refused)
            .GroupBy(l => l.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var undecided = counts.Where(c => c.Status == ClaimLineStatus.Priced).Sum(c => c.Count);
        return new ReviewResult(claim.Id, claim.Status, counts.Sum(c => c.Count) - undecided, undecided, changed);
    }
}
