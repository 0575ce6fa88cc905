using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Providers;

public sealed record SetAccountRequest(string? AccountNumber);

public sealed record AccountView(string AccountNumber, string Formatted, string Iban);

/// <summary>A provider admin registers the account their claims are paid to; it is checked by its mod-11 control digit.</summary>
public sealed class ProviderAccount(AktivDbContext db, CallerRelationships relationships, AuditLog audit)
{
    public async Task<Outcome<AccountView>> SetAsync(CurrentUser user, SetAccountRequest request, CancellationToken ct)
    {
        if (user.Role != Roles.ProviderAdmin || (await relationships.ResolveAsync(user, ct)).ProviderId is not { } providerId)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        if (!AccountNumber.TryParse(request.AccountNumber, out var account, out var error))
        {
            return Failure.Invalid("accountNumber", error);
        }

        var provider = await db.Providers.FirstAsync(p => p.Id == providerId, ct);
        provider.AccountNumber = account!.Value;
        audit.Add(user, $"Provider/{providerId}/account", AuditAction.Update, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return new AccountView(account.Value, account.Formatted, account.ToIban().Value);
    }
}
