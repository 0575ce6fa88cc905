using AktivResept.Domain.Calendar;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Access;

/// <summary>A role a person may act in: as a gym's trainer or as a municipality's staff, at one organisation.</summary>
public sealed record ActingRole(string Role, string OrganisationNumber, string OrganisationName, string Title, decimal Share);

/// <summary>
/// The roles a person signed in with their national id holds today, from their positions (a shared position is
/// several). A sign-in with more than one chooses one (the web UI's role chooser, or the role and organisation on an
/// API token); <see cref="CallerRelationships"/> then grants only what the chosen position gives.
/// </summary>
public sealed class ActingRoles(AktivDbContext db, NationalIdLookupHash lookupHash, TimeProvider clock)
{
    public async Task<IReadOnlyList<ActingRole>> OfAsync(Fodselsnummer person, CancellationToken cancellationToken)
    {
        var hash = lookupHash.Of(person);
        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        var positions = await db.TrainerRoles.AsNoTracking()
            .Where(r => db.Trainers.Any(t => t.Id == r.TrainerId && t.NationalIdHash == hash) &&
                        r.ValidFrom <= today && (r.ValidTo == null || r.ValidTo >= today))
            .ToListAsync(cancellationToken);
        return [.. positions
            .OrderBy(r => r.Kind).ThenBy(r => r.OrganisationName, StringComparer.Ordinal)
            .Select(r => new ActingRole(r.Kind == PositionKind.Municipality ? Roles.Municipality : Roles.Trainer, r.OrganisationNumber, r.OrganisationName, r.Title, r.Share))];
    }
}
