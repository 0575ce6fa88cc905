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
    public async Task<Outcome<Prescription>> IssueAsync(Prescription prescription, Fodselsnummer nationalId, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Domain.Eligibility.EligibilityResult? result = null;
        if (prescription.IsStateReimbursed)
        {
            result = await eligibility.EvaluateAsync(nationalId, prescription.StartDate, prescription.EndDate, cancellationToken);
            if (!result.IsEligible)
            {
                return Failure.Conflict($"Not eligible for state reimbursement: {result.Reason}", "funding");
            }

            var open = Lifecycle.Open;
            var hasOpen = await db.Prescriptions.AnyAsync(
                p => p.ParticipantId == prescription.ParticipantId && p.Id != prescription.Id &&
                     p.Funding == FundingSource.StateReimbursed && open.Contains(p.Status),
                cancellationToken);
            if (hasOpen)
            {
                return Failure.Conflict("The participant already has an open state-reimbursed prescription.", "funding");
            }
        }

        var outcome = prescription.Issue(actor, now, result);
        return outcome.Succeeded ? prescription : Failure.Conflict(outcome.Error!, "status");
    }

    /// <summary>Saves, turning a lost race on the one-open-prescription index into the same 409 the check gives.</summary>
    public static async Task<Outcome<bool>> SaveGuardedAsync(AktivDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException?.Message.Contains(PrescriptionConfiguration.OneOpenStateReimbursedIndex, StringComparison.Ordinal) == true ||
                                          e.InnerException?.Message.Contains("UNIQUE constraint failed: Prescriptions.ParticipantId", StringComparison.Ordinal) == true)
        {
            return Failure.Conflict("The participant already has an open state-reimbursed prescription.", "funding");
        }
    }
}
