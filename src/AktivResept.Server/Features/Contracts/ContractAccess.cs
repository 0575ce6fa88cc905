using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;

namespace AktivResept.Server.Features.Contracts;

/// <summary>
/// The side of a contract a caller is on: the payer whose contracts they manage (a municipality's coordinator, or the
/// payer's caseworker), or the provider whose contracts they may read (its admin). Nobody else is a party.
/// </summary>
public sealed record ContractParty(Guid? PayerId, Guid? ProviderId)
{
    public bool Manages => PayerId is not null;

    public bool IsParty => PayerId is not null || ProviderId is not null;
}

/// <summary>
/// Who may see and change which contracts (and their KPI results): the payer's side manages its own, the provider's
/// admin reads its own, everyone else sees none. Unknown and not-yours are both "not found".
/// </summary>
public sealed class ContractAccess(AktivDbContext db, CallerRelationships callers)
{
    public async Task<ContractParty> PartyAsync(CurrentUser user, CancellationToken ct) => user.Role switch
    {
        Roles.Municipality => new(await callers.MunicipalityOfAsync(user, ct), null),
        Roles.Payer => new(await callers.PayerOfAsync(user, ct), null),
        Roles.ProviderAdmin => new(null, await callers.ProviderOfAsync(user, ct)),
        _ => new(null, null),
    };

    /// <summary>The contracts the party may read.</summary>
    public IQueryable<Contract> Visible(ContractParty party) => party switch
    {
        { PayerId: { } payer } => db.Contracts.Where(c => c.PayerId == payer),
        { ProviderId: { } provider } => db.Contracts.Where(c => c.ProviderId == provider),
        _ => db.Contracts.Where(_ => false),
    };
}
