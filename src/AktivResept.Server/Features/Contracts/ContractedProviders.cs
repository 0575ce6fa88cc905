using AktivResept.Server.Data;

namespace AktivResept.Server.Features.Contracts;

/// <summary>The providers a payer has an active contract with on a day: where municipally funded prescriptions may go.</summary>
public static class ContractedProviders
{
    public static IQueryable<Guid> Of(AktivDbContext db, Guid payerId, DateOnly day) =>
        db.Contracts.Where(c => c.PayerId == payerId && c.Status == ContractStatus.Active && c.ValidFrom <= day && (c.ValidTo == null || c.ValidTo >= day))
            .Select(c => c.ProviderId);
}
