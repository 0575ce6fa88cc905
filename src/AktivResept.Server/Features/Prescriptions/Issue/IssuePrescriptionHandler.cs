using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Features.Referrers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Prescriptions.Issue;

/// <summary>Issues (or drafts) a prescription for the calling referrer, registering a new participant on first sight.</summary>
public sealed class IssuePrescriptionHandler(
    AktivDbContext db,
    PersonDirectory people,
    IssueRules rules,
    AuditLog audit,
    TimeProvider clock,
    IOptions<TestIdentityOptions> identity,
    IMemoryCache cache)
{
    // A referrer's id never changes; name and organisation change rarely and only by administration, so the view is
    // cached for a few minutes (a round trip saved on every create). A referrer not yet saved is never cached.
    private static readonly MemoryCacheEntryOptions ReferrerEntry = new() { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };

    public async Task<Outcome<PrescriptionView>> HandleAsync(CurrentUser user, IssuePrescriptionRequest request, CancellationToken cancellationToken)
    {
        if (!user.Is(Roles.Prescribers) || user.Hpr is null)
        {
            await audit.DeniedAsync(user, "Prescription", AuditAction.Create, cancellationToken);
            return Failure.Of(ApiErrorCodes.ReferrerOnly);
        }

        if (user.Organisation is null)
        {
            // A prescription is issued by an HPR at an organisation; without one it could never be scoped (adr/0008).
            await audit.DeniedAsync(user, "Prescription", AuditAction.Create, cancellationToken);
            return Failure.Of(ApiErrorCodes.OrganisationRequired);
        }

        var now = clock.GetUtcNow();
        var validated = IssuePrescriptionValidator.Validate(request, Oslo.Today(now), identity.Value.AllowTestIdentities);
        if (!validated.Succeeded)
        {
            return Failure.Invalid(validated.Errors!);
        }

        var (nationalId, participantInput, details) = validated.Value!;

        // Everything below is written by one SaveChanges, which is itself a transaction; the one-open-prescription
        // rule is also guarded by a unique index, so no explicit transaction (and its extra round trips) is needed.
        var referrer = await ReferrerFor(user, cancellationToken);
        var person = await people.FindAsync(nationalId, cancellationToken);
        if (person is null)
        {
            var registered = await RegisterAsync(nationalId, participantInput, cancellationToken);
            if (!registered.Succeeded)
            {
                return Failure.Invalid(registered.Errors!);
            }

            person = registered.Value!;
        }

        var prescription = new Prescription(person.Id, referrer.Id, details, user.AsActor, now);
        if (!request.Draft)
        {
            var issued = await rules.IssueAsync(prescription, nationalId, user.AsActor, now, request.AcknowledgePartialCover, cancellationToken);
            if (!issued.Succeeded)
            {
                await audit.RefusedAsync(user, "Prescription", AuditAction.Create, person.Id, cancellationToken);
                return Failure.Of(issued.Error!, issued.Field);
            }
        }

        db.Prescriptions.Add(prescription);
        audit.Add(user, $"Prescription/{prescription.Id}", AuditAction.Create, AuditOutcome.Success, person.Id, Common.Access.LookupPurpose.NewReferral);
        var saved = await IssueRules.SaveGuardedAsync(db, cancellationToken);
        if (!saved.Succeeded)
        {
            await audit.RefusedAsync(user, "Prescription", AuditAction.Create, null, cancellationToken);
            return Failure.Of(saved.Error!, saved.Field);
        }

        return PrescriptionReader.ViewOfNew(prescription, person, referrer);
    }

    private async Task<ReferrerView> ReferrerFor(CurrentUser user, CancellationToken cancellationToken)
    {
        var hpr = user.Hpr!.Value;
        var org = user.Organisation!.Value;
        var key = $"referrer-view:{hpr}:{org}";
        if (cache.TryGetValue(key, out ReferrerView? known) && known is not null)
        {
            return known;
        }

        var found = await db.Referrers.AsNoTracking().Where(r => r.Hpr == hpr && r.OrganisationNumber == org)
            .Select(r => new ReferrerView(r.Id, r.Name, r.Hpr, r.OrganisationName)).FirstOrDefaultAsync(cancellationToken);
        if (found is not null)
        {
            cache.Set(key, found, ReferrerEntry);
            return found;
        }

        // A health professional signing in through HelseID for the first time at this organisation: register them from
        // the token. The same HPR at another organisation is another referrer (adr/0008).
        var referrer = new Referrer
        {
            Hpr = hpr,
            Name = user.Name is { Length: > 0 } name ? name[..Math.Min(name.Length, 200)] : $"HPR {hpr}",
            OrganisationNumber = org,
            OrganisationName = string.Empty,
        };
        db.Referrers.Add(referrer);
        return new ReferrerView(referrer.Id, referrer.Name, referrer.Hpr, referrer.OrganisationName);
    }

    private async Task<Outcome<Person>> RegisterAsync(Fodselsnummer id, ParticipantInput input, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        RequireName(errors, "participant.givenName", input.GivenName);
        RequireName(errors, "participant.familyName", input.FamilyName);

        if (string.IsNullOrWhiteSpace(input.Kommunenummer))
        {
            errors.Add("participant.kommunenummer", ApiErrorCodes.RequiredForNewPerson);
        }
        else if (!await db.Municipalities.AnyAsync(m => m.Kommunenummer == input.Kommunenummer, cancellationToken))
        {
            errors.Add("participant.kommunenummer", ApiErrorCodes.MunicipalityNotServed);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        return people.Register(id, input.GivenName!.Trim(), input.FamilyName!.Trim(), input.Kommunenummer!);
    }

    private static void RequireName(ValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, ApiErrorCodes.RequiredForNewPerson);
        }
        else if (value.Trim().Length > 200)
        {
            errors.Add(field, ErrorCodes.MaxLength.With(("max", 200)));
        }
    }
}
