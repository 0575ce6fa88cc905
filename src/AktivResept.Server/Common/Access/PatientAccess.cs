using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Access;

/// <summary>
/// Who may see a Patient. The person themself; the provider and trainer one of the person's prescriptions went to
/// (PrescriptionScope); and a health professional (HPR at an organisation) with a care relationship: a running
/// <see cref="PatientRelationship"/> (a purpose-bound look-up or a registration, which expires unless renewed), or a
/// prescription of theirs for the person that has not ended, or ended less than <see cref="AccessOptions.AfterCareDays"/>
/// ago. Access is read from these tables only, never from the audit log. Unknown and not-yours look the same to the caller.
/// </summary>
public sealed class PatientAccess(AktivDbContext db, PrescriptionScope scope, CallerRelationships relationships, IOptionsMonitor<AccessOptions> options, TimeProvider clock)
{
    /// <summary>The audit resource of a lookup by national id; never the id itself.</summary>
    public const string IdentifierLookup = "Patient?identifier";

    /// <summary>The lifecycle's end states (Domain: <see cref="Lifecycle.IsTerminal"/>), after which only after-care access is left.</summary>
    private static readonly PrescriptionStatus[] Ended = [.. Enum.GetValues<PrescriptionStatus>().Where(Lifecycle.IsTerminal)];

    /// <summary>A prescriber with an HPR number acting for an organisation (a token without one is no referrer, adr/0008).</summary>
    public static bool IsHealthProfessional(CurrentUser user) => user.Is(Roles.Prescribers) && user.Hpr is not null && user.Organisation is not null;

    /// <summary>National ids are shown to health professionals and the person; a gym needs the name, not the number.</summary>
    public static bool ShowsNationalId(CurrentUser user) => IsHealthProfessional(user) || user.Role == Roles.Participant;

    public async Task<bool> CanSeeAsync(CurrentUser user, Guid personId, CancellationToken cancellationToken) =>
        await (await CaringForAsync(user, cancellationToken)).AnyAsync(p => p.ParticipantId == personId, cancellationToken) ||
        await CanSeeWithoutPrescriptionAsync(user, personId, cancellationToken);

    /// <summary>
    /// The person with this id and whether the caller may see them, by the same rules as <see cref="CanSeeAsync"/>.
    /// Null when there is no such person.
    /// </summary>
    public async Task<(Person? Person, bool CanSee)> FindAsync(CurrentUser user, Guid personId, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        return person is null ? (null, false) : (person, await CanSeeAsync(user, personId, cancellationToken));
    }

    /// <summary>Found by exact national id: a health professional knows the number (and states a purpose), anyone else needs a relationship.</summary>
    public async Task<bool> CanFindByNationalIdAsync(CurrentUser user, Guid personId, CancellationToken cancellationToken) =>
        IsHealthProfessional(user) || await CanSeeAsync(user, personId, cancellationToken);

    /// <summary>
    /// The prescriptions that give the caller sight of their participant: for a health professional those that have not
    /// ended or are still in after-care; for every other role all they may see.
    /// </summary>
    private async Task<IQueryable<Prescription>> CaringForAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        var visible = await scope.VisibleToAsync(user, cancellationToken);
        if (!user.Is(Roles.Prescribers))
        {
            return visible;
        }

        var afterCareFrom = clock.GetUtcNow() - options.CurrentValue.AfterCare;
        return visible.Where(p => !Ended.Contains(p.Status) ||
                                  db.StatusChanges.Any(h => h.PrescriptionId == p.Id && h.To == p.Status && h.At > afterCareFrom));
    }

    private async Task<bool> CanSeeWithoutPrescriptionAsync(CurrentUser user, Guid personId, CancellationToken cancellationToken)
    {
        if (user.Role == Roles.Participant)
        {
            return (await relationships.ResolveAsync(user, cancellationToken)).PersonId == personId;
        }

        if (!IsHealthProfessional(user))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var hpr = user.Hpr!.Value;
        var org = user.Organisation!.Value;
        return await db.PatientRelationships.AnyAsync(
            r => r.PersonId == personId && r.Hpr == hpr && r.OrganisationNumber == org && r.ExpiresAt > now, cancellationToken);
    }
}
