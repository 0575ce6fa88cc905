using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Pilots;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>
/// Who sees which health account, the one rule (docs/health-account.md): a municipality's coordinator sees their
/// municipality, the contracts it is the payer of and the pilots it is in (as <see cref="PilotAccess"/> rules: a
/// non-lead municipality its own part only); a payer's caseworker sees the payer's contracts, the pilots the payer leads
/// or is named on, and — the state payer — the national programme; a researcher sees the pilots they are named on.
/// Other roles may not ask (403); an unknown scope and one that is not yours are the same 404.
/// </summary>
public sealed class HealthAccountAccess(AktivDbContext db, CallerRelationships callers, PilotAccess pilots)
{
    public const string ProgrammeName = "Aktiv på resept – hele landet";

    public static bool RoleMayAsk(CurrentUser user) => user.Is(Roles.Municipality, Roles.Payer, Roles.Researcher);

    /// <summary>The scope the caller may see, resolved; null when unknown or not theirs.</summary>
    public async Task<AccountTarget?> FindAsync(CurrentUser user, AccountScopeKind kind, string key, CancellationToken ct)
    {
        var caller = await CallerAsync(user, ct);
        switch (kind)
        {
            case AccountScopeKind.Municipality when caller.Municipality is { Kommunenummer: { } own } && own == key:
                return new AccountTarget(kind, key, await MunicipalityNameAsync(own, caller.Municipality.Name, ct)) { Kommunenummer = own, MayEditCosts = true };
            case AccountScopeKind.Contract when Guid.TryParse(key, out var id) && caller.PayerSide is { } payerSide:
                var contract = await db.Contracts.AsNoTracking().Where(c => c.Id == id && c.PayerId == payerSide.Id)
                    .Select(c => new { c.Id, c.Name, c.ProviderId }).FirstOrDefaultAsync(ct);
                return contract is null
                    ? null
                    : new AccountTarget(kind, contract.Id.ToString(), contract.Name) { ContractPayer = payerSide, ProviderId = contract.ProviderId, MayEditCosts = true };
            case AccountScopeKind.Pilot when Guid.TryParse(key, out var id):
                var pilot = await VisiblePilots(caller).Include(p => p.Municipalities).Include(p => p.Viewers).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
                if (pilot is null)
                {
                    return null;
                }

                var leads = caller.Payer?.Id == pilot.OwnerPayerId || PilotAccess.Manages(pilot, caller.Pilot);
                var view = leads ? PilotView.AllMunicipalities : PilotAccess.ViewOf(pilot, caller.Pilot);
                return view == PilotView.None
                    ? null
                    : new AccountTarget(kind, pilot.Id.ToString(), pilot.Name)
                    {
                        PilotId = pilot.Id,
                        PilotMunicipalityPayerId = view == PilotView.OwnMunicipality ? caller.Pilot.MunicipalityId : null,
                        MayEditCosts = leads,
                    };
            case AccountScopeKind.Programme when key == AccountScope.NationalKey && caller.Payer is { Kind: PayerKind.State }:
                return new AccountTarget(kind, key, ProgrammeName) { MayEditCosts = true };
            default:
                return null;
        }
    }

    /// <summary>Every scope the caller may see, with its name: the list the account pages start from.</summary>
    public async Task<IReadOnlyList<AccountTarget>> VisibleAsync(CurrentUser user, CancellationToken ct)
    {
        var caller = await CallerAsync(user, ct);
        var scopes = new List<AccountTarget>();
        if (caller.Payer is { Kind: PayerKind.State })
        {
            scopes.Add(new AccountTarget(AccountScopeKind.Programme, AccountScope.NationalKey, ProgrammeName) { MayEditCosts = true });
        }

        if (caller.Municipality is { Kommunenummer: { } own })
        {
            scopes.Add(new AccountTarget(AccountScopeKind.Municipality, own, await MunicipalityNameAsync(own, caller.Municipality.Name, ct)) { Kommunenummer = own, MayEditCosts = true });
        }

        if (caller.PayerSide is { } payerSide)
        {
            scopes.AddRange((await db.Contracts.AsNoTracking().Where(c => c.PayerId == payerSide.Id).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.ProviderId }).ToListAsync(ct))
                .Select(c => new AccountTarget(AccountScopeKind.Contract, c.Id.ToString(), c.Name) { ContractPayer = payerSide, ProviderId = c.ProviderId, MayEditCosts = true }));
        }

        foreach (var pilot in await VisiblePilots(caller).Include(p => p.Municipalities).Include(p => p.Viewers).AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct))
        {
            var leads = caller.Payer?.Id == pilot.OwnerPayerId || PilotAccess.Manages(pilot, caller.Pilot);
            var view = leads ? PilotView.AllMunicipalities : PilotAccess.ViewOf(pilot, caller.Pilot);
            if (view != PilotView.None)
            {
                scopes.Add(new AccountTarget(AccountScopeKind.Pilot, pilot.Id.ToString(), pilot.Name)
                {
                    PilotId = pilot.Id,
                    PilotMunicipalityPayerId = view == PilotView.OwnMunicipality ? caller.Pilot.MunicipalityId : null,
                    MayEditCosts = leads,
                });
            }
        }

        return scopes;
    }

    /// <summary>The pilots of <see cref="PilotAccess.Visible"/>, and for a payer's caseworker also those the payer leads.</summary>
    private IQueryable<Pilot> VisiblePilots(Caller caller)
    {
        var visible = pilots.Visible(caller.Pilot);
        var payerId = caller.Payer?.Id;
        return payerId is null ? visible : db.Pilots.Where(p => p.OwnerPayerId == payerId || visible.Select(v => v.Id).Contains(p.Id));
    }

    private async Task<Caller> CallerAsync(CurrentUser user, CancellationToken ct)
    {
        if (!RoleMayAsk(user))
        {
            return new Caller(null, null, new PilotCaller(null, user.Role, null));
        }

        var pilotCaller = await pilots.CallerAsync(user, ct);
        var municipality = pilotCaller.MunicipalityId is { } m ? await db.Payers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == m, ct) : null;
        var payer = await callers.PayerOfAsync(user, ct) is { } id ? await db.Payers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) : null;
        return new Caller(municipality, payer, pilotCaller);
    }

    private async Task<string> MunicipalityNameAsync(string kommunenummer, string fallback, CancellationToken ct) =>
        await MunicipalityNames.OfAsync(db, kommunenummer, ct) ?? fallback;

    /// <summary>The caller as the account knows them: the municipality they coordinate, the payer they work for, their pilot identity.</summary>
    private sealed record Caller(Payers.Payer? Municipality, Payers.Payer? Payer, PilotCaller Pilot)
    {
        /// <summary>The payer whose contracts the caller sees: the coordinator's municipality or the caseworker's payer.</summary>
        public Payers.Payer? PayerSide => Municipality ?? Payer;
    }
}
