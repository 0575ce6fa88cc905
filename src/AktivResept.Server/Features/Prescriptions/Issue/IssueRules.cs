using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Data.Configurations;
using AktivResept.Server.Features.Benefits;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Prescriptions.Issue;

/// <summary>The rules that apply when a prescription is issued: eligibility and one open state-reimbursed place per person.</summary>
public sealed class IssueRules(AktivDbContext db, EligibilityCheck eligibility)
{
    /// <summary>The request field that confirms the referrer has seen that cover ends inside the period.</summary>
    public const string PartialCoverField = "acknowledgePartialCover";

    /// <summary>
    /// Issues if the rules allow. When state reimbursement ends inside the period (the person is eligible at the start,
    /// so the domain would issue) the referrer must have confirmed seeing that (<paramref name="partialCoverAcknowledged"/>):
    /// otherwise 409 naming <c>acknowledgePartialCover</c>, so the warning is never passed silently (issue 23 item 3).
    /// </summary>
    public async Task<Outcome<Prescription>> IssueAsync(Prescription prescription, Fodselsnummer nationalId, Actor actor, DateTimeOffset now, bool partialCoverAcknowledged, CancellationToken cancellationToken)
    {
        Domain.Eligibility.EligibilityResult? result = null;
        if (prescription.IsStateReimbursed)
        {
            result = await eligibility.EvaluateAsync(nationalId, prescription.StartDate, prescription.EndDate, cancellationToken);
            if (!result.IsEligible)
            {
                return Failure.Of(result.Reason!, "funding");
            }

            if (result is { CoversWholePeriod: false, CoveredUntil: { } until } && !partialCoverAcknowledged)
            {
                return Failure.Of(
                    ApiErrorCodes.PartialCoverNotAcknowledged.With(("coveredUntil", until), ("end", prescription.EndDate)),
                    PartialCoverField);
            }

            var open = Lifecycle.Open;
            var hasOpen = await db.Prescriptions.AnyAsync(
                p => p.ParticipantId == prescription.ParticipantId && p.Id != prescription.Id &&
                     p.Funding == FundingSource.StateReimbursed && open.Contains(p.Status),
                cancellationToken);
            if (hasOpen)
            {
                return Failure.Of(ApiErrorCodes.OpenStateReimbursed, "funding");
            }
        }

        var outcome = prescription.Issue(actor, now, result);
        return outcome.Succeeded ? prescription : Failure.Of(outcome.Error!, outcome.Field ?? "status");
    }

    /// <summary>
    /// Saves, turning a lost race into a 409 instead of a 500: on the one-open-prescription index the same answer the
    /// check gives, on any other unique index (two first-time requests registering the same person or referrer) a
    /// plain "retry". Nothing of the failed attempt stays tracked.
    /// </summary>
    public static async Task<Outcome<bool>> SaveGuardedAsync(AktivDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveInsertsAsOneBatchAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            var message = e.InnerException?.Message ?? string.Empty;
            return message.Contains(PrescriptionConfiguration.OneOpenStateReimbursedIndex, StringComparison.Ordinal) ||
                   message.Contains("Prescriptions.ParticipantId", StringComparison.Ordinal)
                ? Failure.Of(ApiErrorCodes.OpenStateReimbursed, "funding")
                : Failure.Of(ApiErrorCodes.ConcurrentChange);
        }
    }
}
