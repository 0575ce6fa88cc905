using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Pilots;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Pilots;

/// <summary>
/// Setting up a pilot and reading it: the lead coordinator names municipalities and their active contracts, a cohort
/// target, an enrolment window, the follow-up schedule and the roles that see every municipality. A municipality
/// without an active contract is refused by name (409), and nothing is saved when any check fails.
/// </summary>
public sealed class PilotManagement(AktivDbContext db, PilotAccess access, AuditLog audit, TimeProvider clock)
{
    public const int MaxName = 200;
    public const int MaxCohort = 1_000_000;
    private static readonly string[] ViewerRoles = [Roles.Municipality, Roles.Payer, Roles.Researcher];

    public async Task<Outcome<PilotDetail>> CreateAsync(CurrentUser user, CreatePilotRequest request, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        if (caller.MunicipalityId is not { } lead)
        {
            return Failure.Of(ApiErrorCodes.PilotCoordinatorOnly);
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > MaxName)
        {
            errors.Add("name", ErrorCodes.RequiredMaxLength.With(("max", MaxName)));
        }

        if (request.CohortTarget is not { } target)
        {
            errors.Add("cohortTarget", ErrorCodes.Required);
        }
        else if (target is < 1 or > MaxCohort)
        {
            errors.Add("cohortTarget", ErrorCodes.Between.With(("min", 1), ("max", MaxCohort)));
        }

        if (request.EnrolmentFrom is null)
        {
            errors.Add("enrolmentFrom", ErrorCodes.Required);
        }

        if (request.EnrolmentTo is null)
        {
            errors.Add("enrolmentTo", ErrorCodes.Required);
        }
        else if (request.EnrolmentTo < request.EnrolmentFrom)
        {
            errors.Add("enrolmentTo", ErrorCodes.NotBefore.With(("other", "enrolmentFrom")));
        }

        if (request.FollowUpMonths is null || FollowUpSchedule.TryCreate(request.FollowUpMonths) is null)
        {
            errors.Add("followUpMonths", request.FollowUpMonths is null ? ErrorCodes.Required : ApiErrorCodes.PilotSchedule);
        }

        var consentVersion = request.ConsentTextVersion?.Trim();
        if (string.IsNullOrEmpty(consentVersion) || consentVersion.Length > 40)
        {
            errors.Add("consentTextVersion", ErrorCodes.RequiredMaxLength.With(("max", 40)));
        }

        var viewers = ReadViewers(request.Viewers, errors);
        var (municipalities, refused) = await ReadMunicipalitiesAsync(request.Municipalities, errors, ct);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (refused is not null)
        {
            await audit.RefusedAsync(user, "Pilot", AuditAction.Create, null, ct);
            return refused;
        }

        var now = clock.GetUtcNow();
        var pilot = new Pilot
        {
            Name = request.Name!.Trim(),
            OwnerPayerId = lead,
            CohortTarget = request.CohortTarget!.Value,
            EnrolmentFrom = request.EnrolmentFrom!.Value,
            EnrolmentTo = request.EnrolmentTo!.Value,
            FollowUpMonths = [.. request.FollowUpMonths!],
            ConsentTextVersion = consentVersion!,
            CreatedAt = now,
            CreatedBy = user.Subject,
            Municipalities = municipalities,
            Viewers = viewers,
        };
        db.Pilots.Add(pilot);
        audit.Add(user, $"Pilot/{pilot.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(pilot, caller, ct);
    }

    public async Task<Outcome<IReadOnlyList<PilotSummary>>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var pilots = await access.Visible(caller).AsNoTracking().OrderByDescending(p => p.EnrolmentFrom).ThenBy(p => p.Name).ToListAsync(ct);
        var names = await MunicipalityNamesAsync(pilots.Select(p => p.OwnerPayerId), ct);
        return pilots.Select(p => new PilotSummary(p.Id, p.Name, names.GetValueOrDefault(p.OwnerPayerId, "?"), p.CohortTarget, p.EnrolmentFrom, p.EnrolmentTo,
            p.Municipalities.Count, PilotAccess.ViewOf(p, caller))).ToList();
    }

    public async Task<Outcome<PilotDetail>> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var pilot = await access.Visible(caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return pilot is null ? Failure.NotFound() : await DetailAsync(pilot, caller, ct);
    }

    /// <summary>The municipalities a pilot can name, with their active contracts today (for the set-up form).</summary>
    public async Task<Outcome<IReadOnlyList<PilotMunicipalityCandidate>>> CandidatesAsync(CurrentUser user, CancellationToken ct)
    {
        if ((await access.CallerAsync(user, ct)).MunicipalityId is null)
        {
            return Failure.Of(ApiErrorCodes.PilotCoordinatorOnly);
        }

        var today = Oslo.Today(clock.GetUtcNow());
        var payers = await db.Payers.AsNoTracking().Where(p => p.Kind == PayerKind.Municipality).OrderBy(p => p.Name).ToListAsync(ct);
        var active = await db.Contracts.AsNoTracking().Where(c => c.Status == ContractStatus.Active && c.ValidFrom <= today && (c.ValidTo == null || c.ValidTo >= today))
            .GroupBy(c => c.PayerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return payers.Select(p => new PilotMunicipalityCandidate(p.Id, p.Name, p.Kommunenummer, active.GetValueOrDefault(p.Id))).ToList();
    }

    private static List<PilotViewer> ReadViewers(IReadOnlyList<PilotViewerInput>? input, ValidationErrors errors)
    {
        var viewers = new List<PilotViewer>();
        for (var i = 0; i < (input?.Count ?? 0); i++)
        {
            var v = input![i];
            if (v is null)
            {
                errors.Add($"viewers[{i}]", ErrorCodes.Required);
                continue;
            }

            if (v.Role is null || !ViewerRoles.Contains(v.Role, StringComparer.Ordinal))
            {
                errors.Add($"viewers[{i}].role", ApiErrorCodes.PilotViewerRole);
            }

            if (!OrganisationNumber.TryParse(v.OrganisationNumber, out var org, out var orgError))
            {
                errors.Add($"viewers[{i}].organisationNumber", orgError);
            }
            else if (viewers.Any(x => x.Role == v.Role && x.OrganisationNumber == org!.Value))
            {
                errors.Add($"viewers[{i}]", ApiErrorCodes.PilotDuplicate.With(("what", $"{v.Role} {org!.Value}")));
            }
            else if (v.Role is not null)
            {
                viewers.Add(new PilotViewer { Role = v.Role, OrganisationNumber = org!.Value });
            }
        }

        return viewers;
    }

    /// <summary>
    /// Reads the named municipalities and their contracts: unknown or foreign ids are field errors (400); a municipality
    /// without an active contract, or a named contract that is not active, is the 409 returned second.
    /// </summary>
    private async Task<(List<PilotMunicipality> Municipalities, Failure? Refused)> ReadMunicipalitiesAsync(
        IReadOnlyList<PilotMunicipalityInput>? input, ValidationErrors errors, CancellationToken ct)
    {
        if (input is null || input.Count == 0)
        {
            errors.Add("municipalities", ErrorCodes.Required);
            return ([], null);
        }

        var missing = input.Select((m, i) => (m, i)).Where(x => x.m is null).Select(x => x.i).ToList();
        if (missing.Count > 0)
        {
            missing.ForEach(i => errors.Add($"municipalities[{i}]", ErrorCodes.Required));
            return ([], null);
        }

        var ids = input.Select(m => m.MunicipalityId).OfType<Guid>().Distinct().ToList();
        var payers = await db.Payers.AsNoTracking().Where(p => ids.Contains(p.Id) && p.Kind == PayerKind.Municipality).ToDictionaryAsync(p => p.Id, ct);
        var contracts = await db.Contracts.AsNoTracking().Include(c => c.Versions).Where(c => ids.Contains(c.PayerId)).AsSplitQuery().ToListAsync(ct);
        var today = Oslo.Today(clock.GetUtcNow());
        var result = new List<PilotMunicipality>();
        Failure? refused = null;
        for (var i = 0; i < input.Count; i++)
        {
            var m = input[i];
            if (m.MunicipalityId is not { } payerId || !payers.TryGetValue(payerId, out var payer))
            {
                errors.Add($"municipalities[{i}].municipalityId", m.MunicipalityId is null ? ErrorCodes.Required : ApiErrorCodes.PilotNotMunicipality);
                continue;
            }

            if (result.Any(r => r.PayerId == payerId))
            {
                errors.Add($"municipalities[{i}].municipalityId", ApiErrorCodes.PilotDuplicate.With(("what", payer.Name)));
                continue;
            }

            if (m.Target is < 1 or > MaxCohort)
            {
                errors.Add($"municipalities[{i}].target", ErrorCodes.Between.With(("min", 1), ("max", MaxCohort)));
            }

            var own = contracts.Where(c => c.PayerId == payerId).ToList();
            List<Guid> named;
            if (m.ContractIds is { Count: > 0 } given)
            {
                named = [.. given.Distinct()];
                foreach (var unknown in named.Where(id => own.All(c => c.Id != id)))
                {
                    errors.Add($"municipalities[{i}].contractIds", ApiErrorCodes.PilotContractNotMunicipalitys.With(("municipality", payer.Name)));
                }

                if (refused is null && own.FirstOrDefault(c => named.Contains(c.Id) && !ActiveOn(c, today)) is { } inactive)
                {
                    refused = Failure.Of(ApiErrorCodes.PilotContractNotActive.With(("contract", inactive.Name), ("municipality", payer.Name), ("status", inactive.Status)), $"municipalities[{i}].contractIds");
                }
            }
            else
            {
                named = [.. own.Where(c => ActiveOn(c, today)).Select(c => c.Id)];
                if (named.Count == 0 && refused is null)
                {
                    refused = Failure.Of(ApiErrorCodes.PilotNoActiveContract.With(("municipality", payer.Name)), $"municipalities[{i}]");
                }
            }

            result.Add(new PilotMunicipality { PayerId = payerId, Kommunenummer = payer.Kommunenummer ?? string.Empty, Target = m.Target, ContractIds = named });
        }

        return (result, refused);
    }

    private static bool ActiveOn(Contract contract, DateOnly day) =>
        contract.Status == ContractStatus.Active && contract.ValidFrom <= day && (contract.ValidTo is null || day <= contract.ValidTo);

    internal async Task<PilotDetail> DetailAsync(Pilot pilot, PilotCaller caller, CancellationToken ct)
    {
        var view = PilotAccess.ViewOf(pilot, caller);
        var shown = view == PilotView.AllMunicipalities ? pilot.Municipalities : [.. pilot.Municipalities.Where(m => m.PayerId == caller.MunicipalityId)];
        var contractIds = shown.SelectMany(m => m.ContractIds).ToList();
        var contracts = await db.Contracts.AsNoTracking().Include(c => c.Versions).Where(c => contractIds.Contains(c.Id)).AsSplitQuery().ToListAsync(ct);
        var providerIds = contracts.Select(c => c.ProviderId).Distinct().ToList();
        var providers = await db.Providers.AsNoTracking().Where(p => providerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var names = await MunicipalityNamesAsync(pilot.Municipalities.Select(m => m.PayerId).Append(pilot.OwnerPayerId), ct);
        var today = Oslo.Today(clock.GetUtcNow());
        var municipalities = shown.Select(m => new PilotMunicipalityView(m.PayerId, names.GetValueOrDefault(m.PayerId, "?"), m.Kommunenummer, m.Target,
            [.. contracts.Where(c => m.ContractIds.Contains(c.Id)).OrderBy(c => c.Name).Select(c => new PilotContractView(c.Id, c.Name, providers.GetValueOrDefault(c.ProviderId, "?"),
                c.Status.ToString(), PilotCoFinancing.ShareOn(c, today)))])).OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        var shares = municipalities.SelectMany(m => m.Contracts).Select(c => c.CoFinancingShare).OfType<decimal>().Distinct().Order().ToList();
        var design = await db.PilotAllocations.AsNoTracking().Where(a => a.PilotId == pilot.Id).Select(a => (AllocationDesign?)a.Design).FirstOrDefaultAsync(ct);
        return new PilotDetail(pilot.Id, pilot.Name, pilot.OwnerPayerId, names.GetValueOrDefault(pilot.OwnerPayerId, "?"), pilot.CohortTarget, pilot.EnrolmentFrom, pilot.EnrolmentTo,
            pilot.FollowUpMonths, pilot.ConsentTextVersion, view, PilotAccess.Manages(pilot, caller), PilotAccess.EnrolsFor(pilot, caller) is not null, shares, municipalities,
            view == PilotView.AllMunicipalities ? [.. pilot.Viewers.Select(v => new PilotViewerView(v.Role, v.OrganisationNumber))] : [],
            design, pilot.CreatedAt, pilot.CreatedBy);
    }

    internal async Task<Dictionary<Guid, string>> MunicipalityNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Payers.AsNoTracking().Where(p => wanted.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
    }
}

/// <summary>
/// A pilot's co-financing is its contracts' share (issue 12: "the contracts' share, not a second number"): the share of
/// the version in force on the day, by the same <see cref="VersionInForce"/> rule claims use.
/// </summary>
public static class PilotCoFinancing
{
    public static decimal? ShareOn(Contract contract, DateOnly day) => VersionInForce.For(contract.Versions, day, day)?.CoFinancingShare;
}
