using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Claims;

/// <summary>
/// Need-to-know for claims: a provider admin sees their own provider's claims, a payer caseworker the claims addressed
/// to their payer once submitted (drafts are the provider's work in progress). Everyone else sees none, and a claim
/// that is not yours looks exactly like one that does not exist.
/// </summary>
public sealed class ClaimAccess(AktivDbContext db, CallerRelationships relationships)
{
    public Task<Guid?> ProviderOfAsync(CurrentUser user, CancellationToken ct) => relationships.ProviderOfAsync(user, ct);

    public Task<Guid?> PayerOfAsync(CurrentUser user, CancellationToken ct) => relationships.PayerOfAsync(user, ct);

    public async Task<IQueryable<Claim>> VisibleToAsync(CurrentUser user, CancellationToken ct)
    {
        if (await ProviderOfAsync(user, ct) is { } provider)
        {
            return db.Claims.Where(c => c.ProviderId == provider);
        }

        if (await PayerOfAsync(user, ct) is { } payer)
        {
            return db.Claims.Where(c => c.PayerId == payer && c.Status != ClaimStatus.Draft);
        }

        return db.Claims.Where(_ => false);
    }
}
