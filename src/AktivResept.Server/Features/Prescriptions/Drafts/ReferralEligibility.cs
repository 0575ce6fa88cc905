using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.People;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Prescriptions.Drafts;

/// <summary>
/// The one place the referral form and a draft ask whether state reimbursement covers a period. The rule is
/// <see cref="EligibilityCheck"/> (the same the <c>POST /api/eligibility/check</c> endpoint uses); this only checks
/// who asks and records the look-up, so a stated purpose for national-id look-ups is added here and nowhere else.
/// </summary>
public sealed class ReferralEligibility(AktivDbContext db, EligibilityCheck check, PersonDirectory people, PrescriptionScope access, AuditLog audit)
{
    /// <summary>A look-up by national id, as the GP types it into the form.</summary>
    public async Task<Outcome<EligibilityResult>> CheckAsync(CurrentUser user, Fodselsnummer nationalId, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var person = await people.FindAsync(nationalId, ct);
        if (!user.Is(Roles.Prescribers) || user.Hpr is null)
        {
            await audit.DeniedAsync(user, "Eligibility", AuditAction.Read, person?.Id, ct);
            return Failure.Of(ApiErrorCodes.ReferrerOnly);
        }

        var result = await check.EvaluateAsync(nationalId, start, end, ct);
        audit.Add(user, "Eligibility", AuditAction.Read, AuditOutcome.Success, person?.Id);
        await audit.SaveAsync(ct);
        return result;
    }

    /// <summary>Eligibility for a prescription the referrer can see (a draft before it is issued), over its own period.</summary>
    public async Task<Outcome<EligibilityResult>> ForPrescriptionAsync(CurrentUser user, Guid prescriptionId, DateOnly? start, DateOnly? end, CancellationToken ct)
    {
        var prescription = await access.FindVisibleAsync(user, prescriptionId, ct);
        if (prescription is null)
        {
            await audit.DeniedAsync(user, $"Prescription/{prescriptionId}/eligibility", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var person = await db.People.AsNoTracking().FirstAsync(p => p.Id == prescription.ParticipantId, ct);
        var nationalId = Fodselsnummer.Parse(people.NationalIdOf(person), allowSynthetic: true);
        return await CheckAsync(user, nationalId, start ?? prescription.StartDate, end ?? prescription.EndDate, ct);
    }
}
