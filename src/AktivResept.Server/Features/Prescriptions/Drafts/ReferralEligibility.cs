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
/// The one place a referrer asks whether state reimbursement covers a period: <c>POST /api/eligibility/check</c>, the
/// referral form's «Sjekk rett til statlig refusjon», a draft's page and <c>GET /api/prescriptions/{id}/eligibility</c>.
/// The rule is <see cref="EligibilityCheck"/>; this decides who may ask (a prescriber with an HPR number), records the
/// look-up with its purpose through the one recorder <see cref="PersonLookups"/> (audit row, alert volume), and
/// minimises the answer: covered / until when / not covered to every referrer, the kind of benefit only to one who
/// may see the person under <see cref="PatientAccess"/> (a care relationship or a prescription of theirs).
/// </summary>
public sealed class ReferralEligibility(
    AktivDbContext db, EligibilityCheck check, PersonDirectory people, PrescriptionScope scope, PatientAccess patients, PersonLookups lookups, AuditLog audit)
{
    /// <summary>Only a prescriber acting with an HPR number may ask; gym staff and every other role may not.</summary>
    public static bool MayAsk(CurrentUser user) => user.Is(Roles.Prescribers) && user.Hpr is not null;

    /// <summary>The answer as the asker may see it: the benefit's kind only when they may see the person.</summary>
    public static EligibilityResult Minimised(EligibilityResult result, bool mayNameBenefit) =>
        mayNameBenefit ? result : result with { Benefit = null };

    /// <summary>A refused attempt: it shows in the person's access log when the person is known.</summary>
    public Task RefuseAsync(CurrentUser user, Guid? personId, CancellationToken ct) =>
        audit.DeniedAsync(user, PersonLookups.EligibilityResource, AuditAction.Read, personId, ct);

    /// <summary>A look-up by national id (as the GP types it into the form or sends it to the API) for a stated purpose.</summary>
    public async Task<Outcome<EligibilityResult>> CheckAsync(CurrentUser user, Fodselsnummer nationalId, DateOnly start, DateOnly end, string purpose, CancellationToken ct)
    {
        var person = await people.FindAsync(nationalId, ct);
        if (!MayAsk(user))
        {
            await RefuseAsync(user, person?.Id, ct);
            return Failure.Of(ApiErrorCodes.ReferrerOnly);
        }

        var result = await check.EvaluateAsync(nationalId, start, end, ct);
        var related = person is not null && await patients.CanSeeAsync(user, person.Id, ct);
        // Asking gives no relationship; it is audited with its purpose and counts towards the alert volume.
        await lookups.RecordAsync(user, PersonLookups.EligibilityResource, AuditAction.Read, AuditOutcome.Success, person?.Id, purpose, relates: false, ct);
        await audit.SaveAsync(ct);
        return Minimised(result, related);
    }

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
        return await CheckAsync(user, nationalId, start ?? prescription.StartDate, end ?? prescription.EndDate, purpose, ct);
    }
}
