using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
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
        return user.Role switch
        {
            Roles.Referrer or Roles.Ehr when user.Hpr is { } hpr && user.Organisation is { } org => Referred(all, caller, hpr.Value, org.Value),
            Roles.Participant when caller.PersonId is { } id => all.Where(p => p.ParticipantId == id && p.Status != PrescriptionStatus.Draft),
            Roles.ProviderAdmin when caller.ProviderId is { } id => all.Where(p => p.ProviderId == id && p.Status != PrescriptionStatus.Draft),
            Roles.Trainer when caller.TrainerId is { } id => all.Where(p => p.TrainerId == id),
            _ => all.Where(p => false),
        };
    }

    /// <summary>
    /// What the referrer (HPR, organisation) issued there, and what the same HPR issued at another organisation for a
    /// patient whose care relationship is now with this HPR at this organisation (a GP who moved practice, with the
    /// patients who moved along). Nothing else, and nothing for a token without an organisation.
    /// </summary>
    private IQueryable<Prescription> Referred(IQueryable<Prescription> all, CallerIdentity caller, string hpr, string org)
    {
        Guid[] elsewhere = [.. caller.SameHprElsewhere];
        if (elsewhere.Length == 0)
        {
            // The common case keeps the plain (ReferrerId, Status) index lookup.
            return caller.ReferrerId is { } id ? all.Where(p => p.ReferrerId == id) : all.Where(p => false);
        }

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
