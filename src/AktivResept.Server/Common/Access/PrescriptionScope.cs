using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Access;

/// <summary>
/// Need-to-know: the prescriptions a caller may see at all. A referrer sees what they issued, a provider what was sent
/// to it, a trainer what is assigned to them, a participant their own. Everything else is invisible (and so 404).
/// </summary>
public sealed class PrescriptionScope(AktivDbContext db, CallerRelationships relationships)
{
    public async Task<IQueryable<Prescription>> VisibleToAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        var caller = await relationships.ResolveAsync(user, cancellationToken);
        var all = db.Prescriptions.AsQueryable();
        return user.Role switch
        {
            Roles.Referrer or Roles.Ehr when caller.ReferrerId is { } id => all.Where(p => p.ReferrerId == id),
            Roles.Participant when caller.PersonId is { } id => all.Where(p => p.ParticipantId == id && p.Status != PrescriptionStatus.Draft),
            Roles.ProviderAdmin when caller.ProviderId is { } id => all.Where(p => p.ProviderId == id && p.Status != PrescriptionStatus.Draft),
            Roles.Trainer when caller.TrainerId is { } id => all.Where(p => p.TrainerId == id),
            _ => all.Where(p => false),
        };
    }

    /// <summary>The prescription with this id, with its history, if the caller may see it; null for unknown and not-yours alike.</summary>
    public async Task<Prescription?> FindVisibleAsync(CurrentUser user, Guid id, CancellationToken cancellationToken)
    {
        var visible = await VisibleToAsync(user, cancellationToken);
        return await visible.Include(p => p.History).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }
}
