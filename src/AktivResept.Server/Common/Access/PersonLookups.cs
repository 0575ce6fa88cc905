using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Access;

/// <summary>
/// The one place a look-up of a person by national id is recorded, whichever door it came through (FHIR search,
/// FHIR registration of someone already known, conditional create, the eligibility check): the audit row carries the
/// stated purpose, a found person gives the professional a <see cref="PatientRelationship"/> that expires after
/// <see cref="AccessOptions.LookupRelationshipHours"/>, and an unusual volume raises a <see cref="SecurityAlert"/>.
/// Rows are added to the unit of work; the caller saves them with the rest of its answer.
/// </summary>
public sealed class PersonLookups(AktivDbContext db, AuditLog audit, IOptionsMonitor<AccessOptions> options, TimeProvider clock)
{
    /// <summary>Audit resources that count as a look-up by national id (for the alert volume).</summary>
    public static readonly string[] LookupResources = [PatientAccess.IdentifierLookup, EligibilityResource];

    /// <summary>The audit resource of an eligibility check.</summary>
    public const string EligibilityResource = "Eligibility";

    /// <summary>
    /// Records one look-up: audited with <paramref name="purpose"/>; a found person the caller may find gives a
    /// relationship when <paramref name="relates"/> (the eligibility check only asks, it does not relate).
    /// </summary>
    public async Task RecordAsync(CurrentUser user, string resource, string action, AuditOutcome outcome, Guid? personId, string purpose, bool relates, CancellationToken ct)
    {
        audit.Add(user, resource, action, outcome, personId, purpose);
        if (relates && outcome == AuditOutcome.Success && personId is { } id)
        {
            await RelateAsync(user, id, purpose, RelationshipSource.Lookup, ct);
        }

        await AlertIfUnusualAsync(user, ct);
    }

    /// <summary>Gives (or renews) the professional's time-limited relationship to the person; not saved here.</summary>
    public async Task RelateAsync(CurrentUser user, Guid personId, string purpose, RelationshipSource source, CancellationToken ct)
    {
        if (!PatientAccess.IsHealthProfessional(user))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var hpr = user.Hpr!.Value;
        var org = user.Organisation!.Value;
        var running = db.PatientRelationships.Local.FirstOrDefault(r => r.PersonId == personId && r.Hpr == hpr && r.OrganisationNumber == org && r.ExpiresAt > now)
                      ?? await db.PatientRelationships.FirstOrDefaultAsync(r => r.PersonId == personId && r.Hpr == hpr && r.OrganisationNumber == org && r.ExpiresAt > now, ct);
        if (running is not null)
        {
            running.ExpiresAt = now + options.CurrentValue.LookupRelationship;
            running.Purpose = purpose;
            return;
        }

        Add(user, personId, purpose, source, now);
    }

    /// <summary>
    /// Gives the professional who registers a person in this unit of work their relationship to them. A person not yet
    /// saved has no relationship anyone could renew, so unlike <see cref="RelateAsync"/> nothing is read. Not saved here.
    /// </summary>
    public void RelateRegistered(CurrentUser user, Person person, string purpose)
    {
        if (db.Entry(person).State != EntityState.Added)
        {
            throw new InvalidOperationException("Only a person registered in this unit of work is related without a look-up.");
        }

        if (PatientAccess.IsHealthProfessional(user))
        {
            Add(user, person.Id, purpose, RelationshipSource.Registration, clock.GetUtcNow());
        }
    }

    private void Add(CurrentUser user, Guid personId, string purpose, RelationshipSource source, DateTimeOffset now) =>
        db.PatientRelationships.Add(new PatientRelationship
        {
            PersonId = personId,
            Hpr = user.Hpr!.Value,
            OrganisationNumber = user.Organisation!.Value,
            Actor = user.Subject,
            Purpose = purpose,
            Source = source,
            CreatedAt = now,
            ExpiresAt = now + options.CurrentValue.LookupRelationship,
        });

    /// <summary>
    /// Once the user's look-ups in the last window reach the threshold (this one included), one alert for the window.
    /// Counted from the audit rows: that only decides whether to warn someone, never who may see what.
    /// </summary>
    private async Task AlertIfUnusualAsync(CurrentUser user, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        var since = now - settings.AlertWindow;
        var actor = user.Subject;
        var unsaved = db.ChangeTracker.Entries<AuditRecord>().Count(e => e.State == EntityState.Added && e.Entity.Actor == actor && LookupResources.Contains(e.Entity.Resource));
        var saved = await db.AuditRecords.CountAsync(a => a.Actor == actor && a.At > since && LookupResources.Contains(a.Resource), ct);
        if (saved + unsaved < settings.AlertThreshold ||
            db.SecurityAlerts.Local.Any(a => a.Actor == actor && a.RaisedAt > since) ||
            await db.SecurityAlerts.AnyAsync(a => a.Actor == actor && a.RaisedAt > since, ct))
        {
            return;
        }

        db.SecurityAlerts.Add(new SecurityAlert
        {
            RaisedAt = now,
            Actor = actor,
            ActorName = user.Name is { Length: > 0 } name ? name[..Math.Min(name.Length, 200)] : null,
            ActorHpr = user.Hpr?.Value,
            Organisation = user.Organisation?.Value,
            Count = saved + unsaved,
            WindowStart = since,
        });
    }
}
