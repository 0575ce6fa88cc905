using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Municipal.Staff;

public sealed record PositionView(string OrganisationNumber, string OrganisationName, PositionKind Kind, string Title, decimal Share, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>A trainer with a position at the caller's organisation, and whether they hold one elsewhere too (shared).</summary>
public sealed record StaffMember(
    Guid TrainerId,
    string Name,
    PositionView Position,
    bool Shared,
    IReadOnlyList<PositionView> Elsewhere,
    IReadOnlyList<CertificationView> Certifications);

/// <summary>
/// Shared positions seen from both sides: a municipality lists the staff holding a municipal position there (with their
/// positions elsewhere and their certifications), a gym lists its trainers and which of them are shared. A gym sees
/// where else its trainers work but not the share or period there; a municipality sees both, as the employer that
/// plans the shared position. Each list is an audited read of the staff's records.
/// </summary>
public sealed class StaffQueries(AktivDbContext db, CallerRelationships relationships, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<StaffMember>>> MunicipalityStaffAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.Is(Roles.Municipality))
        {
            await audit.DeniedAsync(user, "Municipality/staff", AuditAction.Read, ct);
            return Failure.Of(ApiErrorCodes.RoleNotAllowed);
        }

        if (await relationships.MunicipalityOfAsync(user, ct) is not { } payerId)
        {
            await audit.DeniedAsync(user, "Municipality/staff", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var org = await db.Payers.AsNoTracking().Where(p => p.Id == payerId).Select(p => p.OrganisationNumber).FirstAsync(ct);
        var staff = await StaffAtAsync(org, PositionKind.Municipality, showTermsElsewhere: true, ct);
        audit.Add(user, "Municipality/staff", AuditAction.Read, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return staff;
    }

    public async Task<Outcome<IReadOnlyList<StaffMember>>> ProviderStaffAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.Is(Roles.ProviderAdmin))
        {
            await audit.DeniedAsync(user, "Provider/staff", AuditAction.Read, ct);
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        if (await relationships.ProviderOfAsync(user, ct) is null || user.Organisation is not { } org)
        {
            await audit.DeniedAsync(user, "Provider/staff", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var staff = await StaffAtAsync(org.Value, PositionKind.Gym, showTermsElsewhere: false, ct);
        audit.Add(user, "Provider/staff", AuditAction.Read, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return staff;
    }

    /// <summary>Everyone with a current or coming position here; a position that has ended is history, not staff.</summary>
    private async Task<List<StaffMember>> StaffAtAsync(string org, PositionKind kind, bool showTermsElsewhere, CancellationToken ct)
    {
        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        var trainers = await db.Trainers.AsNoTracking()
            .Include(t => t.Roles).Include(t => t.Certifications)
            .Where(t => t.Roles.Any(r => r.OrganisationNumber == org && r.Kind == kind && (r.ValidTo == null || r.ValidTo >= today)))
            .ToListAsync(ct);
        return [.. trainers.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t =>
        {
            var here = t.Roles.Where(r => r.OrganisationNumber == org && r.Kind == kind && (r.ValidTo == null || r.ValidTo >= today)).OrderBy(r => r.ValidFrom).First();
            var elsewhere = t.Roles.Where(r => r.OrganisationNumber != org && (r.ValidTo == null || r.ValidTo >= today))
                .OrderBy(r => r.OrganisationName, StringComparer.Ordinal)
                .Select(r => showTermsElsewhere ? View(r) : View(r) with { Share = 0m, ValidFrom = null, ValidTo = null })
                .ToList();
            return new StaffMember(t.Id, t.Name, View(here), elsewhere.Count > 0, elsewhere,
                [.. t.Certifications.OrderBy(c => c.Kind).Select(c => new CertificationView(c.Kind, c.Issuer, c.ValidFrom, c.ValidTo))]);
        })];
    }

    private static PositionView View(TrainerRole r) =>
        new(r.OrganisationNumber, r.OrganisationName, r.Kind, r.Title, r.Share, r.ValidFrom == DateOnly.MinValue ? null : r.ValidFrom, r.ValidTo);
}
