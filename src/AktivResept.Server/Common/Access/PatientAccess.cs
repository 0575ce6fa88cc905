using System.Linq.Expressions;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Data.Queries;
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
        await CaresForAsync(user, personId, cancellationToken) || await CanSeeWithoutPrescriptionAsync(user, personId, cancellationToken);

    /// <summary>
    /// The person with this id and whether the caller may see them, by the same rules as <see cref="CanSeeAsync"/>.
    /// Null when there is no such person.
    /// </summary>
    public async Task<(Person? Person, bool CanSee)> FindAsync(CurrentUser user, Guid personId, CancellationToken cancellationToken)
    {
        var person = await PersonById(db, personId, cancellationToken);
        return person is null ? (null, false) : (person, await CanSeeAsync(user, personId, cancellationToken));
    }

    /// <summary>
    /// Compiled once: a referral's patient is read on every FHIR create (preparing the query on each call was measurable,
    /// docs/benchmarks.md issue 19).
    /// </summary>
    private static readonly Func<AktivDbContext, Guid, CancellationToken, Task<Person?>> PersonById =
        EF.CompileAsyncQuery((AktivDbContext db, Guid id, CancellationToken ct) => db.People.AsNoTracking().FirstOrDefault(p => p.Id == id));

    /// <summary>Whether one of the prescriptions that give the caller sight of their participant (<see cref="CaringForAsync"/>) is the person's.</summary>
    private async Task<bool> CaresForAsync(CurrentUser user, Guid personId, CancellationToken cancellationToken)
    {
        if (user.Is(Roles.Prescribers) && await scope.IssuerOnlyAsync(user, cancellationToken) is { } issuer)
        {
            // A referrer whose scope is what they issued (the common case, and every FHIR create's check): compiled once.
            return await IssuedInCare(db, issuer, personId, AfterCareFrom(), cancellationToken);
        }

        return await (await CaringForAsync(user, cancellationToken)).AnyAsync(p => p.ParticipantId == personId, cancellationToken);
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

        var afterCareFrom = AfterCareFrom();
        return visible.Where(QueryRules.Inline<Func<Prescription, bool>>(p => InCare(db, p, afterCareFrom)));
    }

    /// <summary>When an ended prescription's after-care began, for it to still count: <see cref="AccessOptions.AfterCareDays"/> ago.</summary>
    private DateTimeOffset AfterCareFrom() => clock.GetUtcNow() - options.CurrentValue.AfterCare;

    /// <summary>The rule, once: a prescription gives sight while it has not ended, and until after-care runs out once it has.</summary>
    private static readonly Expression<Func<AktivDbContext, Prescription, DateTimeOffset, bool>> InCareRule = (db, p, afterCareFrom) =>
        !Ended.Contains(p.Status) || db.StatusChanges.Any(h => h.PrescriptionId == p.Id && h.To == p.Status && h.At > afterCareFrom);

    /// <summary>Whether the prescription still gives sight of its participant (<see cref="InCareRule"/>): in queries only, where it is inlined.</summary>
    [QueryRule(nameof(InCareRule))]
    private static bool InCare(AktivDbContext db, Prescription prescription, DateTimeOffset afterCareFrom) =>
        throw new InvalidOperationException("InCare is a query rule: it runs inlined in a query (QueryRules.Inline), not in memory.");

    /// <summary>
    /// <see cref="CaresForAsync"/>'s check for a referrer whose scope is what they issued, compiled once. Declared after
    /// <see cref="InCareRule"/>, which it inlines as it is initialised.
    /// </summary>
    private static readonly Func<AktivDbContext, Guid, Guid, DateTimeOffset, CancellationToken, Task<bool>> IssuedInCare =
        EF.CompileAsyncQuery(QueryRules.Inline<Func<AktivDbContext, Guid, Guid, DateTimeOffset, CancellationToken, bool>>(
            (db, issuer, personId, afterCareFrom, ct) => db.Prescriptions.Any(p =>
                PrescriptionScope.IssuedBy(p, issuer) && p.ParticipantId == personId && InCare(db, p, afterCareFrom))));

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
