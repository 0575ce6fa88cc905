using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Referrers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Programmes.Booking;

public sealed record IssueProgrammeReferralRequest(
    string? NationalId, string? GivenName, string? FamilyName, string? Kommunenummer, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record ProgrammeReferralView(
    Guid Id, Guid PersonId, string PersonName, string Kommunenummer, string ReferrerOrganisationNumber, DateOnly ValidFrom, DateOnly ValidTo,
    DateTimeOffset IssuedAt, DateTimeOffset? WithdrawnAt);

/// <summary>
/// Programme referrals: a frisklivssentral's or NAV counsellor's note that lets a person without a registered benefit
/// into «Aktiv på dagtid» in a municipality for a period. Issued and read by the referrer who issued them only.
/// </summary>
public sealed class ProgrammeReferrals(
    AktivDbContext db, CallerRelationships callers, ProgrammeParticipants participants, AuditLog audit, TimeProvider clock, IOptions<ProgrammeBookingOptions> options)
{
    private static readonly ReferrerKind[] Issuers = [ReferrerKind.HealthyLifeCentre, ReferrerKind.NavCounsellor];

    public async Task<Outcome<ProgrammeReferralView>> IssueAsync(CurrentUser user, IssueProgrammeReferralRequest request, CancellationToken ct)
    {
        if (await IssuerAsync(user, ct) is not { } issuer)
        {
            await audit.DeniedAsync(user, "ProgrammeReferral", AuditAction.Create, ct);
            return Failure.Of(ProgrammeErrorCodes.ReferralIssuerOnly);
        }

        var subject = await participants.SubjectAsync(user, request.NationalId, ct);
        if (!subject.Succeeded)
        {
            return subject.AsFailure();
        }

        var today = Oslo.Today(clock.GetUtcNow());
        var errors = new ValidationErrors();
        if (request.ValidFrom is not { } from)
        {
            errors.Add("validFrom", ErrorCodes.Required);
        }
        else if (from < today)
        {
            errors.Add("validFrom", ErrorCodes.NotInPast);
        }

        var max = options.Value.MaxReferralDays;
        if (request.ValidTo is not { } to)
        {
            errors.Add("validTo", ErrorCodes.Required);
        }
        else if (request.ValidFrom is { } start && (to < start || to.DayNumber - start.DayNumber > max))
        {
            errors.Add("validTo", ProgrammeErrorCodes.ReferralPeriod.With(("max", max)));
        }

        if (!string.IsNullOrWhiteSpace(request.Kommunenummer) && !await db.Municipalities.AnyAsync(m => m.Kommunenummer == request.Kommunenummer, ct))
        {
            errors.Add("kommunenummer", ApiErrorCodes.MunicipalityNotServed);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var input = new PersonInput(request.NationalId, request.GivenName, request.FamilyName, request.Kommunenummer);
        var person = await participants.FindOrRegisterAsync(subject.Value!, input, ct);
        if (!person.Succeeded)
        {
            return Failure.Invalid(person.Errors!);
        }

        var referral = new ProgrammeReferral
        {
            PersonId = person.Value!.Id,
            Kommunenummer = string.IsNullOrWhiteSpace(request.Kommunenummer) ? person.Value.Kommunenummer : request.Kommunenummer.Trim(),
            ReferrerOrganisationNumber = issuer.OrganisationNumber,
            IssuedBy = user.Subject,
            ValidFrom = request.ValidFrom!.Value,
            ValidTo = request.ValidTo!.Value,
            IssuedAt = clock.GetUtcNow(),
        };
        db.ProgrammeReferrals.Add(referral);
        audit.Add(user, $"ProgrammeReferral/{referral.Id}", AuditAction.Create, AuditOutcome.Success, referral.PersonId);
        await db.SaveChangesAsync(ct);
        return View(referral, person.Value.FullName);
    }

    /// <summary>The referrals the caller issued, newest first.</summary>
    public async Task<Outcome<IReadOnlyList<ProgrammeReferralView>>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (await IssuerAsync(user, ct) is null)
        {
            await audit.DeniedAsync(user, "ProgrammeReferral", AuditAction.Search, ct);
            return Failure.Of(ProgrammeErrorCodes.ReferralIssuerOnly);
        }

        var rows = await Issued(db.ProgrammeReferrals.Where(r => r.IssuedBy == user.Subject).OrderByDescending(r => r.IssuedAt).Take(500), ct);
        foreach (var row in rows)
        {
            audit.Add(user, $"ProgrammeReferral/{row.Referral.Id}", AuditAction.Read, AuditOutcome.Success, row.Referral.PersonId);
        }

        await audit.SaveAsync(ct);
        return rows.Select(r => View(r.Referral, r.Name)).ToList();
    }

    public async Task<Outcome<ProgrammeReferralView>> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var row = await IssuerAsync(user, ct) is null ? null
            : (await Issued(db.ProgrammeReferrals.Where(r => r.Id == id && r.IssuedBy == user.Subject), ct)).FirstOrDefault();
        if (row is null)
        {
            await audit.DeniedAsync(user, $"ProgrammeReferral/{id}", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        audit.Add(user, $"ProgrammeReferral/{id}", AuditAction.Read, AuditOutcome.Success, row.Referral.PersonId);
        await audit.SaveAsync(ct);
        return View(row.Referral, row.Name);
    }

    /// <summary>The referrals with the referred person's name, newest first.</summary>
    private async Task<List<IssuedReferral>> Issued(IQueryable<ProgrammeReferral> referrals, CancellationToken ct)
    {
        var rows = await referrals.AsNoTracking()
            .Join(db.People, r => r.PersonId, p => p.Id, (r, p) => new { Referral = r, p.GivenName, p.FamilyName })
            .ToListAsync(ct);
        return [.. rows.Select(r => new IssuedReferral(r.Referral, $"{r.GivenName} {r.FamilyName}")).OrderByDescending(r => r.Referral.IssuedAt)];
    }

    /// <summary>The caller's referrer record if it is a frisklivssentral or NAV counsellor one.</summary>
    private async Task<Referrer?> IssuerAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.Is(Roles.Referrer) || (await callers.ResolveAsync(user, ct)).ReferrerId is not { } id)
        {
            return null;
        }

        return await db.Referrers.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && Issuers.Contains(r.Kind), ct);
    }

    private static ProgrammeReferralView View(ProgrammeReferral r, string name) =>
        new(r.Id, r.PersonId, name, r.Kommunenummer, r.ReferrerOrganisationNumber, r.ValidFrom, r.ValidTo, r.IssuedAt, r.WithdrawnAt);

    private sealed record IssuedReferral(ProgrammeReferral Referral, string Name);
}
