using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.People;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Timetable;

/// <summary>
/// Creating a programme and its terms, and reading the programmes a coordinator or gym admin manages. Who runs a
/// programme decides who pays: the municipality (coordinator only; its own budget), a gym under one of the
/// municipality's active contracts (claims to the municipality), or — only where the municipality offers none
/// (<see cref="MunicipalOffer"/>) — a gym on state funding at the national tariff. Unknown and not-yours are 404.
/// </summary>
public sealed class ProgrammeSetup(AktivDbContext db, ProgrammeAccess access, AuditLog audit, TimeProvider clock)
{
    public const int MaxName = 200;
    public const int MaxDescription = 2000;
    public const int MaxTermDays = 366;

    public async Task<Outcome<ProgrammeView>> CreateAsync(CurrentUser user, CreateProgrammeRequest request, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var isCoordinator = caller.Kommunenummer is not null;
        var isGym = caller.ProviderId is not null && user.Role == Roles.ProviderAdmin;
        if (!isCoordinator && !isGym)
        {
            await audit.DeniedAsync(user, "Programme", AuditAction.Create, ct);
            return Failure.Of(ProgrammeErrorCodes.TimetableStaffOnly);
        }

        var errors = new ValidationErrors();
        var kommunenummer = isCoordinator ? caller.Kommunenummer! : request.Kommunenummer?.Trim();
        if (isCoordinator && request.Kommunenummer is { } given && given.Trim() != caller.Kommunenummer)
        {
            errors.Add("kommunenummer", ApiErrorCodes.MunicipalityNotServed);
        }
        else if (!Kommunenummer.TryParse(kommunenummer, out _, out var kommuneError))
        {
            errors.Add("kommunenummer", kommunenummer is null ? ErrorCodes.Required : kommuneError);
        }

        var municipality = kommunenummer is null ? null : await db.Municipalities.AsNoTracking().FirstOrDefaultAsync(m => m.Kommunenummer == kommunenummer, ct);
        if (municipality is null && !errors.Any)
        {
            errors.Add("kommunenummer", ApiErrorCodes.MunicipalityNotServed);
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxName)
        {
            errors.Add("name", ErrorCodes.RequiredMaxLength.With(("max", MaxName)));
        }

        if (request.Description?.Trim().Length > MaxDescription)
        {
            errors.Add("description", ErrorCodes.MaxLength.With(("max", MaxDescription)));
        }

        if (request.Operator is not { } @operator)
        {
            errors.Add("operator", ErrorCodes.Required);
            return Failure.Invalid(errors);
        }

        if (isCoordinator && @operator == ProgrammeOperator.GymOnStateFunding || isGym && @operator == ProgrammeOperator.Municipality)
        {
            await audit.DeniedAsync(user, "Programme", AuditAction.Create, ct);
            return Failure.Of(ProgrammeErrorCodes.OperatorNotForRole.With(("operator", @operator)), "operator");
        }

        Guid? providerId = isGym ? caller.ProviderId : request.ProviderId;
        if (@operator == ProgrammeOperator.Municipality && request.ProviderId is not null)
        {
            errors.Add("providerId", ProgrammeErrorCodes.GymNotForMunicipality);
        }
        else if (@operator == ProgrammeOperator.GymUnderContract && providerId is null)
        {
            errors.Add("providerId", ErrorCodes.Required);
        }
        else if (isGym && request.ProviderId is { } other && other != caller.ProviderId)
        {
            errors.Add("providerId", ProgrammeErrorCodes.UnknownGym);
        }

        var provider = @operator == ProgrammeOperator.Municipality || providerId is null
            ? null
            : await db.Providers.AsNoTracking().Include(p => p.Locations).FirstOrDefaultAsync(p => p.Id == providerId, ct);
        if (@operator != ProgrammeOperator.Municipality && providerId is not null && provider is null)
        {
            errors.Add("providerId", ProgrammeErrorCodes.UnknownGym);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var programme = new Programme
        {
            Kommunenummer = kommunenummer!,
            Name = name!,
            Description = request.Description?.Trim() ?? string.Empty,
            Operator = @operator,
            ProviderId = provider?.Id,
            Funding = request.Funding ?? ProgrammeFunding.PerAttendee,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = user.Subject,
        };
        var refused = await FundAsync(programme, municipality!.Name, provider, ct);
        if (refused is not null)
        {
            await audit.RefusedAsync(user, "Programme", AuditAction.Create, null, ct);
            return refused;
        }

        db.Programmes.Add(programme);
        audit.Add(user, $"Programme/{programme.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(programme.Id, ct);
    }

    /// <summary>Who pays for the programme, or the rule that refuses it (409).</summary>
    private async Task<Failure?> FundAsync(Programme programme, string municipalityName, Providers.Provider? provider, CancellationToken ct)
    {
        var today = Oslo.Today(clock.GetUtcNow());
        var exists = db.Programmes.Where(p => p.Kommunenummer == programme.Kommunenummer && p.EndedAt == null);
        if (programme.Operator == ProgrammeOperator.Municipality)
        {
            return await exists.AnyAsync(p => p.Operator == ProgrammeOperator.Municipality, ct)
                ? Failure.Of(ProgrammeErrorCodes.ProgrammeExists.With(("municipality", municipalityName), ("operator", municipalityName)))
                : null;
        }

        var gym = provider!;
        if (await exists.AnyAsync(p => p.ProviderId == gym.Id, ct))
        {
            return Failure.Of(ProgrammeErrorCodes.ProgrammeExists.With(("municipality", municipalityName), ("operator", gym.Name)), "providerId");
        }

        if (gym.Locations.All(l => l.Kommunenummer != programme.Kommunenummer))
        {
            return Failure.Of(ProgrammeErrorCodes.GymHasNoLocationThere.With(("gym", gym.Name), ("municipality", municipalityName)), "providerId");
        }

        if (programme.Operator == ProgrammeOperator.GymUnderContract)
        {
            var payer = await db.Payers.AsNoTracking()
                .FirstOrDefaultAsync(p => p.Kind == PayerKind.Municipality && p.Kommunenummer == programme.Kommunenummer, ct);
            var contract = payer is null
                ? null
                : await db.Contracts.AsNoTracking().Where(c => c.PayerId == payer.Id && c.ProviderId == gym.Id && c.Status == ContractStatus.Active
                    && c.ValidFrom <= today && (c.ValidTo == null || c.ValidTo >= today)).OrderBy(c => c.ValidFrom).FirstOrDefaultAsync(ct);
            if (contract is null)
            {
                return Failure.Of(ProgrammeErrorCodes.NoActiveContract.With(("gym", gym.Name), ("municipality", municipalityName)), "providerId");
            }

            programme.ContractId = contract.Id;
            programme.PayerId = payer!.Id;
            return null;
        }

        if (!await MunicipalOffer.OwnProgrammes(db, programme.Kommunenummer).AnyAsync(ct))
        {
            var state = await db.Payers.AsNoTracking().Where(p => p.Kind == PayerKind.State).OrderBy(p => p.Id).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
            if (state is null)
            {
                return Failure.Of(ProgrammeErrorCodes.NoStatePayer);
            }

            programme.PayerId = state;
            return null;
        }

        return Failure.Of(ProgrammeErrorCodes.MunicipalityRunsOne.With(("municipality", municipalityName)), "operator");
    }

    public async Task<Outcome<TermView>> AddTermAsync(CurrentUser user, Guid programmeId, TermRequest request, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        if (!await access.Managed(caller).AnyAsync(p => p.Id == programmeId, ct))
        {
            await audit.DeniedAsync(user, $"Programme/{programmeId}/terms", AuditAction.Create, ct);
            return Failure.NotFound();
        }

        var errors = new ValidationErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add("name", ErrorCodes.RequiredMaxLength.With(("max", 100)));
        }

        if (request.StartsOn is not { } from)
        {
            errors.Add("startsOn", ErrorCodes.Required);
        }
        else if (from > Oslo.Today(clock.GetUtcNow()).AddYears(1))
        {
            errors.Add("startsOn", ErrorCodes.AtMostAYearAhead);
        }

        if (request.EndsOn is not { } to)
        {
            errors.Add("endsOn", ErrorCodes.Required);
        }
        else if (request.StartsOn is { } start && to < start)
        {
            errors.Add("endsOn", ErrorCodes.NotBefore.With(("other", "startsOn")));
        }
        else if (request.StartsOn is { } first && to.DayNumber - first.DayNumber + 1 > MaxTermDays)
        {
            errors.Add("endsOn", ProgrammeErrorCodes.TermTooLong.With(("max", MaxTermDays)));
        }
        else if (to < Oslo.Today(clock.GetUtcNow()))
        {
            errors.Add("endsOn", ErrorCodes.NotInPast);
        }

        var holidays = new SortedSet<DateOnly>();
        for (var i = 0; i < (request.Holidays?.Count ?? 0); i++)
        {
            var day = request.Holidays![i];
            if (request.StartsOn is { } s && request.EndsOn is { } e && (day < s || day > e))
            {
                errors.Add($"holidays[{i}]", ProgrammeErrorCodes.HolidayOutsideTerm.With(("from", s), ("to", e)));
            }

            holidays.Add(day);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var term = new ProgrammeTerm { ProgrammeId = programmeId, Name = name!, StartsOn = request.StartsOn!.Value, EndsOn = request.EndsOn!.Value, Holidays = [.. holidays] };
        db.ProgrammeTerms.Add(term);
        audit.Add(user, $"ProgrammeTerm/{term.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return new TermView(term.Id, term.Name, term.StartsOn, term.EndsOn, term.Holidays);
    }

    public async Task<Outcome<IReadOnlyList<ProgrammeSummary>>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        if (!caller.IsStaff)
        {
            await audit.DeniedAsync(user, "Programme", AuditAction.Search, ct);
            return Failure.Of(ProgrammeErrorCodes.TimetableStaffOnly);
        }

        var now = clock.GetUtcNow();
        var rows = await access.Managed(caller).AsNoTracking().OrderBy(p => p.Kommunenummer).ThenBy(p => p.Name)
            .Select(p => new
            {
                p.Id,
                p.Kommunenummer,
                p.Name,
                p.Operator,
                p.ProviderId,
                Municipality = db.Municipalities.Where(m => m.Kommunenummer == p.Kommunenummer).Select(m => m.Name).FirstOrDefault(),
                Gym = db.Providers.Where(g => g.Id == p.ProviderId).Select(g => g.Name).FirstOrDefault(),
                Terms = p.Terms.Count,
                Series = db.ProgrammeSeries.Count(s => s.ProgrammeId == p.Id),
                Upcoming = db.ProgrammeSessions.Count(s => s.ProgrammeId == p.Id && s.StartsAt > now && s.CancelledAt == null),
            })
            .ToListAsync(ct);
        audit.Add(user, "Programme", AuditAction.Search, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return rows.Select(r => new ProgrammeSummary(r.Id, r.Kommunenummer, r.Municipality ?? r.Kommunenummer, r.Name, r.Operator, r.Gym, r.Terms, r.Series, r.Upcoming)).ToList();
    }

    public async Task<Outcome<ProgrammeView>> GetAsync(CurrentUser user, Guid programmeId, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        if (!await access.Managed(caller).AnyAsync(p => p.Id == programmeId, ct))
        {
            await audit.DeniedAsync(user, $"Programme/{programmeId}", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        audit.Add(user, $"Programme/{programmeId}", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return await ViewAsync(programmeId, ct);
    }

    internal async Task<ProgrammeView> ViewAsync(Guid programmeId, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().Include(p => p.Terms).FirstAsync(p => p.Id == programmeId, ct);
        var municipality = await MunicipalityNames.OfAsync(db, programme.Kommunenummer, ct);
        var gym = programme.ProviderId is { } id ? await db.Providers.Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(ct) : null;
        var series = await SeriesPlanning.ViewsAsync(db, programmeId, null, ct);
        return new ProgrammeView(programme.Id, programme.Kommunenummer, municipality ?? programme.Kommunenummer, programme.Name, programme.Description, programme.Operator,
            programme.ProviderId, gym, programme.ContractId, programme.PayerId, programme.Funding,
            [.. programme.Terms.OrderBy(t => t.StartsOn).Select(t => new TermView(t.Id, t.Name, t.StartsOn, t.EndsOn, t.Holidays))], series, programme.EndedAt);
    }
}
