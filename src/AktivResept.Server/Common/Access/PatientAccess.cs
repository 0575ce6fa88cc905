using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Access;

/// <summary>
/// Who may see a Patient. Everyone who may see one of the person's prescriptions (PrescriptionScope: the referrer who
/// issued it, the provider it was sent to, the assigned trainer, the person), the person themself, and a health
/// professional who has shown a treatment relationship by registering the person or looking them up by their exact
/// national id. That lookup is recorded in the audit log, which is where the relationship is read back from.
/// Unknown and not-yours look the same to the caller.
/// </summary>
public sealed class PatientAccess(AktivDbContext db, PrescriptionScope scope, CallerRelationships relationships)
{
    /// <summary>The audit resource of a lookup by national id; never the id itself.</summary>
    public const string IdentifierLookup = "Patient?identifier";

    /// <summary>A prescriber with an HPR number acting for an organisation (a token without one is no referrer, adr/0008).</summary>
    public static bool IsHealthProfessional(CurrentUser user) => user.Is(Roles.Prescribers) && user.Hpr is not null && user.Organisation is not null;

    /// <summary>National ids are shown to health professionals and the person; a gym needs the name, not the number.</summary>
    public static bool ShowsNationalId(CurrentUser user) => IsHealthProfessional(user) || user.Role == Roles.Participant;

    public async Task<bool> CanSeeAsync(CurrentUser user, Guid personId, CancellationToken cancellationToken)
    {
        var visible = await scope.VisibleToAsync(user, cancellationToken);
        if (await visible.AnyAsync(p => p.ParticipantId == personId, cancellationToken))
        {
            return true;
        }

        return await CanSeeWithoutPrescriptionAsync(user, personId, registeredChecked: false, cancellationToken);
    }

    /// <summary>
    /// The person with this id and whether the caller may see them, in one round trip in the common cases (one of
    /// their prescriptions is visible, or a health professional has registered or looked them up); the same rules as
    /// <see cref="CanSeeAsync"/>. Null when there is no such person.
    /// </summary>
    public async Task<(Person? Person, bool CanSee)> FindAsync(CurrentUser user, Guid personId, CancellationToken cancellationToken)
    {
        var visible = await scope.VisibleToAsync(user, cancellationToken);
        var professional = IsHealthProfessional(user);
        var actor = user.Subject;
        var registered = $"Patient/{personId}";
        var found = await db.People.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new
            {
                Person = p,
                CanSee = visible.Any(x => x.ParticipantId == personId) ||
                         (professional && db.AuditRecords.Any(
                             a => a.SubjectPersonId == personId && a.Actor == actor && a.Outcome == AuditOutcome.Success &&
                                  (a.Resource == IdentifierLookup || (a.Resource == registered && a.Action == AuditAction.Create)))),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return (null, false);
        }

        return (found.Person, found.CanSee || await CanSeeWithoutPrescriptionAsync(user, personId, registeredChecked: true, cancellationToken));
    }

    private async Task<bool> CanSeeWithoutPrescriptionAsync(CurrentUser user, Guid personId, bool registeredChecked, CancellationToken cancellationToken)
    {
        if (user.Role == Roles.Participant)
        {
            return (await relationships.ResolveAsync(user, cancellationToken)).PersonId == personId;
        }

        if (!IsHealthProfessional(user) || registeredChecked)
        {
            return false;
        }

        var registered = $"Patient/{personId}";
        return await db.AuditRecords.AnyAsync(
            a => a.SubjectPersonId == personId && a.Actor == user.Subject && a.Outcome == AuditOutcome.Success &&
                 (a.Resource == IdentifierLookup || (a.Resource == registered && a.Action == AuditAction.Create)),
            cancellationToken);
    }

    /// <summary>Found by exact national id: a health professional knows the number, anyone else needs a relationship.</summary>
    public async Task<bool> CanFindByNationalIdAsync(CurrentUser user, Guid personId, CancellationToken cancellationToken) =>
        IsHealthProfessional(user) || await CanSeeAsync(user, personId, cancellationToken);
}
