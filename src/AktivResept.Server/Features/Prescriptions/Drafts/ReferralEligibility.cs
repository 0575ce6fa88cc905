using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
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
/// The referral form's and a draft's eligibility question. Who may ask, the audited look-up with its purpose and the
/// minimised answer are <see cref="EligibilityAnswers"/> (the same the <c>POST /api/eligibility/check</c> endpoint
/// uses); this only adds the draft: the referrer must see it, and it is asked over its own period.
/// </summary>
public sealed class ReferralEligibility(AktivDbContext db, EligibilityAnswers answers, PersonDirectory people, PrescriptionScope scope, AuditLog audit)
{
    /// <summary>A look-up by national id, as the GP types it into the form.</summary>
    public Task<Outcome<EligibilityResult>> CheckAsync(CurrentUser user, Fodselsnummer nationalId, DateOnly start, DateOnly end, string purpose, CancellationToken ct) =>
        answers.CheckAsync(user, nationalId, start, end, purpose, ct);

    /// <summary>
    /// Eligibility for a prescription the referrer can see (a draft before it is issued), over its own period: a draft
    /// is a new referral (<see cref="LookupPurpose.NewReferral"/>), anything later follow-up.
    /// </summary>
    public async Task<Outcome<EligibilityResult>> ForPrescriptionAsync(CurrentUser user, Guid prescriptionId, DateOnly? start, DateOnly? end, CancellationToken ct)
    {
        var prescription = await scope.FindVisibleAsync(user, prescriptionId, ct);
        if (prescription is null)
        {
            await audit.DeniedAsync(user, $"Prescription/{prescriptionId}/eligibility", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var person = await db.People.AsNoTracking().FirstAsync(p => p.Id == prescription.ParticipantId, ct);
        var nationalId = Fodselsnummer.Parse(people.NationalIdOf(person), allowSynthetic: true);
        var purpose = prescription.Status == PrescriptionStatus.Draft ? LookupPurpose.NewReferral : LookupPurpose.FollowUp;
        return await answers.CheckAsync(user, nationalId, start ?? prescription.StartDate, end ?? prescription.EndDate, purpose, ct);
    }
}
