using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Claims.Generation;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Claims.Submission;

public sealed record GenerateClaimsRequest(string? Month);

public sealed record SubmitClaimRequest(int? Version);

/// <summary>The answer to a submission: the claim and its new status.</summary>
public sealed record ClaimSubmitted(Guid Id, string Status);

/// <summary>The provider admin's side: generate a month's claims and submit a draft to its payer.</summary>
public sealed class ClaimSubmission(AktivDbContext db, ClaimAccess access, ClaimGenerator generator, ClaimHistory history, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<GenerationResult>> GenerateAsync(CurrentUser user, GenerateClaimsRequest request, CancellationToken ct)
    {
        if (await access.ProviderOfAsync(user, ct) is not { } provider)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        if (ClaimMonth.Check(request.Month, out var month) is { } monthError)
        {
            return Failure.Invalid("month", monthError);
        }

        var today = Domain.Calendar.OsloCalendar.DateOf(clock.GetUtcNow());
        if (month > new DateOnly(today.Year, today.Month, 1))
        {
            return Failure.Invalid("month", ErrorCodes.NotInFuture);
        }

        var result = await generator.GenerateAsync(provider, month, user.AsActor, ct);
        audit.Add(user, $"Claim/generate/{ClaimMonth.Format(month)}", AuditAction.Create, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return result;
    }

    public async Task<Outcome<Guid>> SubmitAsync(CurrentUser user, Guid id, SubmitClaimRequest request, CancellationToken ct)
    {
        if (await access.ProviderOfAsync(user, ct) is not { } provider ||
            await db.Claims.FirstOrDefaultAsync(c => c.Id == id && c.ProviderId == provider, ct) is not { } claim)
        {
            await audit.DeniedAsync(user, $"Claim/{id}", $"{AuditAction.Update}:submit", ct);
            return Failure.NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClaimLocks.LockMonthAsync(db, provider, claim.Month, ct);
        await db.Entry(claim).ReloadAsync(ct);
        if (request.Version is { } expected && expected != claim.Version)
        {
            return Failure.Of(ApiErrorCodes.ClaimChanged.With(("expected", expected), ("actual", claim.Version)), "version");
        }

        if (claim.Status != ClaimStatus.Draft)
        {
            return Failure.Of(ApiErrorCodes.OnlyDraftSubmit.With(("status", claim.Status)));
        }

        if (claim.PricedLines == 0)
        {
            return Failure.Of(ApiErrorCodes.NoPayableLines);
        }

        history.TryMove(claim, ClaimStatus.Submitted, user, clock.GetUtcNow());
        claim.SubmittedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return claim.Id;
    }
}
