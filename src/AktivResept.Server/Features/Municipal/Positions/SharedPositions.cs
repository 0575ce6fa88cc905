using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Municipal;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Municipal.Positions;

/// <summary>
/// Creating and ending positions (a shared position is several): a gym's admin for the gym, a municipality's
/// coordinator for the municipality, each only at their own organisation (another's position is 404, like an unknown
/// one). A share is a whole percent from 1 to 100, and the person's positions together may not exceed one full-time
/// position on any day (<see cref="PositionLoad"/>) — checked under a lock on the person, so two organisations adding
/// a position at once cannot both take the last of it. Every attempt is audited.
/// </summary>
public sealed class SharedPositions(
    AktivDbContext db,
    CallerRelationships relationships,
    NationalIdLookupHash lookupHash,
    IOptions<TestIdentityOptions> identity,
    AuditLog audit)
{
    public const int MaxTitle = 100;
    public const int MaxName = 200;

    private sealed record Employer(string OrganisationNumber, string Name, PositionKind Kind);

    public async Task<Outcome<PositionDetail>> CreateAsync(CurrentUser user, CreatePositionRequest request, CancellationToken ct)
    {
        if (await EmployerAsync(user, ct) is not { } employer)
        {
            return await RefusedRoleOrNotFoundAsync(user, "Position", AuditAction.Create, ct);
        }

        var errors = new ValidationErrors();
        if (!Fodselsnummer.TryParse(request.NationalId, identity.Value.AllowTestIdentities, out var nationalId, out var idError))
        {
            errors.Add("nationalId", idError);
        }

        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > MaxTitle)
        {
            errors.Add("title", ErrorCodes.RequiredMaxLength.With(("max", MaxTitle)));
        }

        if (request.Share is not { } share)
        {
            errors.Add("share", ErrorCodes.Required);
        }
        else if (!PositionLoad.IsValidShare(share))
        {
            errors.Add("share", ApiErrorCodes.PositionShare);
        }

        if (request.ValidFrom is null)
        {
            errors.Add("validFrom", ErrorCodes.Required);
        }
        else if (request.ValidTo < request.ValidFrom)
        {
            errors.Add("validTo", ErrorCodes.NotBefore.With(("other", "validFrom")));
        }

        if (request.Name?.Trim() is { Length: > MaxName })
        {
            errors.Add("name", ErrorCodes.MaxLength.With(("max", MaxName)));
        }

        if (nationalId is not null && user.NationalId?.Value == nationalId.Value)
        {
            return await ForbiddenAsync(user, "Position", AuditAction.Create, ApiErrorCodes.PositionOwn, ct);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        // Everything about the person is read under the lock: another organisation may be adding a position (or the
        // person's first) at the same moment.
        var hash = lookupHash.Of(nationalId!);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockPersonAsync(hash, ct);
        var trainer = await db.Trainers.Include(t => t.Roles).FirstOrDefaultAsync(t => t.NationalIdHash == hash, ct);
        if (trainer is null && string.IsNullOrWhiteSpace(request.Name))
        {
            return Failure.Invalid("name", ApiErrorCodes.PositionNameRequired);
        }

        var term = new PositionTerm(request.Share!.Value, request.ValidFrom!.Value, request.ValidTo);
        var held = trainer?.Roles ?? [];
        if (held.FirstOrDefault(r => r.OrganisationNumber == employer.OrganisationNumber && r.Kind == employer.Kind && Term(r).Overlaps(term)) is { } same)
        {
            return await RefusedAsync(user, "Position", ApiErrorCodes.PositionOverlaps.With(("organisation", employer.Name), ("title", same.Title)), "validFrom", ct);
        }

        if (!PositionLoad.Fits(term, held.Select(Term)))
        {
            var peak = PositionLoad.PeakWith(term, held.Select(Term));
            return await RefusedAsync(user, "Position", ApiErrorCodes.PositionTotalShare.With(("total", Percent(peak)), ("available", Math.Max(0, Percent(PositionLoad.FullTime - (peak - term.Share))))), "share", ct);
        }

        if (trainer is null)
        {
            trainer = new Trainer { Name = request.Name!.Trim(), NationalIdHash = hash };
            db.Trainers.Add(trainer);
        }

        var position = new TrainerRole
        {
            TrainerId = trainer.Id,
            OrganisationNumber = employer.OrganisationNumber,
            OrganisationName = employer.Name,
            Title = title!,
            Kind = employer.Kind,
            Share = term.Share,
            ValidFrom = term.From,
            ValidTo = term.To,
        };
        db.TrainerRoles.Add(position);
        audit.Add(user, $"Position/{position.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Detail(position, trainer.Name);
    }

    public async Task<Outcome<PositionDetail>> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var resource = $"Position/{id}";
        if (await EmployerAsync(user, ct) is not { } employer)
        {
            return await RefusedRoleOrNotFoundAsync(user, resource, AuditAction.Read, ct);
        }

        var found = await Own(employer).AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { Position = r, Name = db.Trainers.Where(t => t.Id == r.TrainerId).Select(t => t.Name).FirstOrDefault() ?? string.Empty })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return Detail(found.Position, found.Name);
    }

    public async Task<Outcome<PositionDetail>> EndAsync(CurrentUser user, Guid id, EndPositionRequest request, CancellationToken ct)
    {
        var resource = $"Position/{id}";
        if (await EmployerAsync(user, ct) is not { } employer)
        {
            return await RefusedRoleOrNotFoundAsync(user, resource, AuditAction.Update, ct);
        }

        var position = await Own(employer).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (position is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Update, ct);
            return Failure.NotFound();
        }

        var trainer = await db.Trainers.AsNoTracking().Where(t => t.Id == position.TrainerId).Select(t => new { t.Name, t.NationalIdHash }).FirstAsync(ct);
        if (user.NationalId is { } own && lookupHash.Of(own) == trainer.NationalIdHash)
        {
            return await ForbiddenAsync(user, resource, AuditAction.Update, ApiErrorCodes.PositionOwn, ct);
        }

        if (request.ValidTo is not { } last)
        {
            return Failure.Invalid("validTo", ErrorCodes.Required);
        }

        if (last < position.ValidFrom)
        {
            return Failure.Invalid("validTo", ErrorCodes.NotBefore.With(("other", "validFrom")));
        }

        if (position.ValidTo is { } ends && last > ends)
        {
            return await RefusedAsync(user, resource, ApiErrorCodes.PositionAlreadyEnds.With(("day", ends)), "validTo", ct);
        }

        // Bringing the end forward only lowers the person's total, so no load check is needed.
        position.ValidTo = last;
        audit.Add(user, resource, AuditAction.Update, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return Detail(position, trainer.Name);
    }

    /// <summary>The organisation the caller administers: a gym for its admin, a municipality for its coordinator.</summary>
    private async Task<Employer?> EmployerAsync(CurrentUser user, CancellationToken ct)
    {
        if (user.Is(Roles.ProviderAdmin) && await relationships.ProviderOfAsync(user, ct) is { } providerId)
        {
            return await db.Providers.AsNoTracking().Where(p => p.Id == providerId).Select(p => new Employer(p.OrganisationNumber, p.Name, PositionKind.Gym)).FirstAsync(ct);
        }

        if (user.Is(Roles.Municipality) && await relationships.MunicipalityOfAsync(user, ct) is { } payerId)
        {
            return await db.Payers.AsNoTracking().Where(p => p.Id == payerId).Select(p => new Employer(p.OrganisationNumber, p.Name, PositionKind.Municipality)).FirstAsync(ct);
        }

        return null;
    }

    private async Task<Failure> RefusedRoleOrNotFoundAsync(CurrentUser user, string resource, string action, CancellationToken ct)
    {
        await audit.DeniedAsync(user, resource, action, ct);
        return user.Is(Roles.ProviderAdmin, Roles.Municipality) ? Failure.NotFound() : Failure.Of(ApiErrorCodes.PositionAdminOnly);
    }

    private async Task<Failure> ForbiddenAsync(CurrentUser user, string resource, string action, ErrorCode code, CancellationToken ct)
    {
        await audit.DeniedAsync(user, resource, action, ct);
        return Failure.Of(code);
    }

    private async Task<Failure> RefusedAsync(CurrentUser user, string resource, Error error, string field, CancellationToken ct)
    {
        await audit.RefusedAsync(user, resource, resource == "Position" ? AuditAction.Create : AuditAction.Update, null, ct);
        if (db.Database.CurrentTransaction is { } transaction)
        {
            await transaction.CommitAsync(ct);
        }

        return Failure.Of(error, field);
    }

    private IQueryable<TrainerRole> Own(Employer employer) =>
        db.TrainerRoles.Where(r => r.OrganisationNumber == employer.OrganisationNumber && r.Kind == employer.Kind);

    /// <summary>Serialises position changes for one person across app instances (SQLite has one writer already).</summary>
    private async Task LockPersonAsync(string nationalIdHash, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            var key = $"positions:{nationalIdHash}";
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
        }
    }

    private static PositionTerm Term(TrainerRole r) => new(r.Share, r.ValidFrom, r.ValidTo);

    private static int Percent(decimal share) => (int)decimal.Round(share * 100m);

    private static PositionDetail Detail(TrainerRole r, string name) =>
        new(r.Id, r.TrainerId, name, r.OrganisationNumber, r.OrganisationName, r.Kind, r.Title, r.Share, r.ValidFrom == DateOnly.MinValue ? null : r.ValidFrom, r.ValidTo);
}
