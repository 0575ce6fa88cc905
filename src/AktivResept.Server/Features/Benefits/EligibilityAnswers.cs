using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.People;

namespace AktivResept.Server.Features.Benefits;

/// <summary>
/// The one place a referrer's question "does state reimbursement cover this person for this period?" is answered,
/// whichever door it came through: <c>POST /api/eligibility/check</c>, the referral form's «Sjekk rett til statlig
/// refusjon», a draft's page and <c>GET /api/prescriptions/{id}/eligibility</c> (through
/// <c>Prescriptions/Drafts/ReferralEligibility</c>). The rule is <see cref="EligibilityCheck"/>; this decides who may
/// ask (a prescriber with an HPR number), records the look-up with its purpose through the one recorder
/// <see cref="PersonLookups"/> (audit row, alert volume), and minimises the answer: covered / until when / not covered
/// to every referrer, the kind of benefit only to one who may see the person under <see cref="PatientAccess"/>.
/// </summary>
public sealed class EligibilityAnswers(EligibilityCheck check, PersonDirectory people, PatientAccess patients, PersonLookups lookups, AuditLog audit)
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
}
