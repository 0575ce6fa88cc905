using System.Linq.Expressions;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Data.Queries;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Access;

/// <summary>
/// Need-to-know: the prescriptions a caller may see at all. A referrer (HPR at an organisation) sees what they issued
/// there, and earlier prescriptions of theirs where the patient's care relationship is now with them there; a provider
/// what was sent to it, a trainer what is assigned to them, a participant their own. Everything else is invisible (and so 404).
/// </summary>
public sealed class PrescriptionScope(AktivDbContext db, CallerRelationships relationships)
{
    public async Task<IQueryable<Prescription>> VisibleToAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        var caller = await relationships.ResolveAsync(user, cancellationToken);
        var all = db.Prescriptions.AsQueryable();
        if (IssuerOnly(user, caller) is { } issuer)
        {
            // The common case keeps the plain (ReferrerId, …) index lookup.
            return all.Where(QueryRules.Inline<Func<Prescription, bool>>(p => IssuedBy(p, issuer)));
        }

        return user.Role switch
        {
            Roles.Referrer or Roles.Ehr when user.Hpr is { } hpr && user.Organisation is { } org => Referred(all, caller, hpr.Value, org.Value),
            Roles.Participant when caller.PersonId is { } id => all.Where(p => p.ParticipantId == id && p.Status != PrescriptionStatus.Draft),
            Roles.ProviderAdmin when caller.ProviderId is { } id => all.Where(p => p.ProviderId == id && p.Status != PrescriptionStatus.Draft),
            Roles.Trainer when caller.TrainerId is { } id => await TrainerGymAsync(user, cancellationToken) is { } gym
                ? all.Where(p => p.TrainerId == id && p.ProviderId == gym)
                : all.Where(p => p.TrainerId == id),
            Roles.Municipality when await relationships.MunicipalityOfAsync(user, cancellationToken) is { } municipality => await WaitingInAsync(all, municipality, cancellationToken),
            _ => all.Where(p => false),
        };
    }

    /// <summary>
    /// The referrer whose issued prescriptions are everything the caller may see, when that is the caller's whole scope
    /// (a referrer with no earlier practice under the same HPR number, the common case); null for any other caller. A
    /// referrer we do not know is given an id no prescription has: one query shape for both, so the query a search or
    /// read compiles (ahead of the first caller, by Fhir/WarmUp) is the one every referrer uses. Compiled queries use
    /// this with <see cref="IssuedBy"/> in place of <see cref="VisibleToAsync"/>.
    /// </summary>
    public async Task<Guid?> IssuerOnlyAsync(CurrentUser user, CancellationToken cancellationToken) =>
        IssuerOnly(user, await relationships.ResolveAsync(user, cancellationToken));

    private static Guid? IssuerOnly(CurrentUser user, CallerIdentity caller) =>
        user.Role is Roles.Referrer or Roles.Ehr && user.Hpr is not null && user.Organisation is not null && caller.SameHprElsewhere.Count == 0
            ? caller.ReferrerId ?? Guid.Empty
            : null;

    /// <summary>The rule, once: a prescription issued by the referrer (that referrer record: one HPR number at one organisation).</summary>
    private static readonly Expression<Func<Prescription, Guid, bool>> IssuedRule = (p, referrer) => p.ReferrerId == referrer;

    private static readonly Func<Prescription, Guid, bool> IssuedCheck = IssuedRule.Compile();

    /// <summary>Whether the referrer issued the prescription; queries use it through <see cref="QueryRules.Inline{T}"/>.</summary>
    [QueryRule(nameof(IssuedRule))]
    public static bool IssuedBy(Prescription prescription, Guid referrer) => IssuedCheck(prescription, referrer);

    private Task<Guid?> TrainerGymAsync(CurrentUser user, CancellationToken cancellationToken) =>
        user.Organisation is null ? Task.FromResult<Guid?>(null) : relationships.TrainerGymOfAsync(user, cancellationToken);

    /// <summary>
    /// A municipality's coordinator sees the municipality's referrals no gym has accepted yet (issued, sent or not), so
    /// they can route them: those it funds (for its residents) and those its own frisklivssentral wrote. Nothing once a
    /// gym has accepted, and nothing else.
    /// </summary>
    private async Task<IQueryable<Prescription>> WaitingInAsync(IQueryable<Prescription> all, Guid municipalityPayer, CancellationToken cancellationToken)
    {
        var payer = await db.Payers.AsNoTracking().Where(p => p.Id == municipalityPayer).Select(p => new { p.OrganisationNumber, p.Kommunenummer }).FirstAsync(cancellationToken);
        var kommune = payer.Kommunenummer;
        return all.Where(p => p.Status == PrescriptionStatus.Issued &&
                              ((p.Funding == FundingSource.Municipality && db.People.Any(person => person.Id == p.ParticipantId && person.Kommunenummer == kommune)) ||
                               db.Referrers.Any(r => r.Id == p.ReferrerId && r.OrganisationNumber == payer.OrganisationNumber)));
    }

    /// <summary>
    /// What the referrer (HPR, organisation) issued there, and what the same HPR issued at another organisation for a
    /// patient whose care relationship is now with this HPR at this organisation (a GP who moved practice, with the
    /// patients who moved along). Nothing else, and nothing for a token without an organisation. Without an earlier
    /// practice it is <see cref="IssuerOnly"/>'s case.
    /// </summary>
    private IQueryable<Prescription> Referred(IQueryable<Prescription> all, CallerIdentity caller, string hpr, string org)
    {
        Guid[] elsewhere = [.. caller.SameHprElsewhere];
        var own = caller.ReferrerId ?? Guid.Empty;
        return all.Where(p => p.ReferrerId == own ||
                              (elsewhere.Contains(p.ReferrerId) &&
                               db.CareRelationships.Any(c => c.PersonId == p.ParticipantId && c.Hpr == hpr && c.OrganisationNumber == org)));
    }

    /// <summary>The prescription with this id, with its history, if the caller may see it; null for unknown and not-yours alike.</summary>
    public async Task<Prescription?> FindVisibleAsync(CurrentUser user, Guid id, CancellationToken cancellationToken)
    {
        var visible = await VisibleToAsync(user, cancellationToken);
        return await visible.Include(p => p.History).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }
}
