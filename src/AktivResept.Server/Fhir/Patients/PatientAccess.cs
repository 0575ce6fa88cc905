using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Prescriptions.Access;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Patients;

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

    public static bool IsHealthProfessional(CurrentUser user) => user.Is(Roles.Prescribers) && user.Hpr is not null;

    /// <summary>National ids are shown to health professionals and the person; a gym needs the name, not the number.</summary>
    public static bool ShowsNationalId(CurrentUser user) => IsHealthProfessional(user) || user.Role == Roles.Participant;

    public async Task<bool> CanSeeAsync(CurrentUser user, Guid personId, CancellationToken cancellationToken)
    {
        var visible = await scope.VisibleToAsync(user, cancellationToken);
        if (await visible.AnyAsync(p => p.ParticipantId == personId, cancellationToken))
        {
            return true;
        }

        if (user.Role == Roles.Participant)
        {
            return (await relationships.ResolveAsync(user, cancellationToken)).PersonId == personId;
        }

        if (!IsHealthProfessional(user))
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
