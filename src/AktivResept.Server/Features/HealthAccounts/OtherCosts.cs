using AktivResept.Domain.Errors;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>A non-claim cost as sent: label, payer (a <see cref="CostPayer"/> name), amount in NOK and the Oslo day (yyyy-MM-dd).</summary>
public sealed record OtherCostRequest(string? Label, string? Payer, decimal? Amount, string? Day);

public sealed record OtherCostView(Guid Id, string Label, CostPayer Payer, decimal Amount, DateOnly Day, DateTimeOffset EnteredAt)
{
    public static OtherCostView Of(AccountOtherCost c) => new(c.Id, c.Label, c.Payer, c.Amount, c.Day, c.EnteredAt);
}

/// <summary>
/// The costs of a scope that no claim carries: anyone who sees the scope reads them; its coordinator or payer (not a
/// researcher, nor a municipality that sees only its own part of a pilot) enters and deletes them.
/// </summary>
public sealed class OtherCosts(AktivDbContext db, HealthAccountAccess access, AuditLog audit, TimeProvider clock)
{
    public const int MaxLabelLength = 200;
    public const decimal MaxAmount = 100_000_000m;

    public async Task<Outcome<IReadOnlyList<OtherCostView>>> ListAsync(CurrentUser user, string kind, string key, CancellationToken ct)
    {
        var found = await TargetAsync(user, kind, key, AuditAction.Read, ct);
        if (found.Target is not { } target)
        {
            return found.Failure!;
        }

        var costs = await db.Set<AccountOtherCost>().AsNoTracking().Where(c => c.ScopeKind == target.Kind && c.ScopeKey == target.Key)
            .OrderBy(c => c.Day).ThenBy(c => c.Id).ToListAsync(ct);
        audit.Add(user, Resource(target), AuditAction.Read, AuditOutcome.Success, purpose: HealthAccountReader.AuditPurpose);
        await audit.SaveAsync(ct);
        return costs.Select(OtherCostView.Of).ToList();
    }

    public async Task<Outcome<OtherCostView>> AddAsync(CurrentUser user, string kind, string key, OtherCostRequest request, CancellationToken ct)
    {
        var found = await TargetAsync(user, kind, key, AuditAction.Create, ct);
        if (found.Target is not { } target)
        {
            return found.Failure!;
        }

        if (!target.MayEditCosts)
        {
            await audit.DeniedAsync(user, Resource(target), AuditAction.Create, ct);
            return Failure.Of(ApiErrorCodes.AccountCostsEditors);
        }

        var errors = new ValidationErrors();
        var label = request.Label?.Trim();
        if (string.IsNullOrEmpty(label) || label.Length > MaxLabelLength)
        {
            errors.Add("label", ErrorCodes.RequiredMaxLength.With(("max", MaxLabelLength)));
        }
        else if (label.Any(char.IsControl))
        {
            errors.Add("label", ErrorCodes.TextControlCharacter.With(("character", $"U+{(int)label.First(char.IsControl):X4}")));
        }

        CostPayer payer = default;
        if (string.IsNullOrEmpty(request.Payer))
        {
            errors.Add("payer", ErrorCodes.Required);
        }
        else if (!Enum.TryParse(request.Payer, ignoreCase: false, out payer) || !Enum.IsDefined(payer) || int.TryParse(request.Payer, out _))
        {
            errors.Add("payer", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<CostPayer>()))));
        }

        if (request.Amount is not { } amount)
        {
            errors.Add("amount", ErrorCodes.Required);
        }
        else if (amount is < -MaxAmount or > MaxAmount || decimal.Round(amount, 2) != amount)
        {
            errors.Add("amount", ApiErrorCodes.AccountAmount.With(("min", -MaxAmount), ("max", MaxAmount)));
        }

        DateOnly? day = null;
        if (string.IsNullOrEmpty(request.Day))
        {
            errors.Add("day", ErrorCodes.Required);
        }
        else if (!AccountScope.TryDay(request.Day, out day))
        {
            errors.Add("day", ErrorCodes.DateFormat);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var cost = new AccountOtherCost
        {
            ScopeKind = target.Kind,
            ScopeKey = target.Key,
            Label = label!,
            Payer = payer,
            Amount = request.Amount!.Value,
            Day = day!.Value,
            EnteredBy = user.Subject,
            EnteredByRole = user.Role,
            EnteredAt = clock.GetUtcNow(),
        };
        db.Set<AccountOtherCost>().Add(cost);
        audit.Add(user, $"{Resource(target)}/{cost.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return OtherCostView.Of(cost);
    }

    public async Task<Outcome<bool>> DeleteAsync(CurrentUser user, string kind, string key, Guid id, CancellationToken ct)
    {
        var found = await TargetAsync(user, kind, key, AuditAction.Delete, ct);
        if (found.Target is not { } target)
        {
            return found.Failure!;
        }

        if (!target.MayEditCosts)
        {
            await audit.DeniedAsync(user, Resource(target), AuditAction.Delete, ct);
            return Failure.Of(ApiErrorCodes.AccountCostsEditors);
        }

        var cost = await db.Set<AccountOtherCost>().FirstOrDefaultAsync(c => c.Id == id && c.ScopeKind == target.Kind && c.ScopeKey == target.Key, ct);
        if (cost is null)
        {
            await audit.DeniedAsync(user, $"{Resource(target)}/{id}", AuditAction.Delete, ct);
            return Failure.NotFound();
        }

        db.Remove(cost);
        audit.Add(user, $"{Resource(target)}/{id}", AuditAction.Delete, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<(AccountTarget? Target, Failure? Failure)> TargetAsync(CurrentUser user, string kind, string key, string action, CancellationToken ct)
    {
        var resource = $"HealthAccount/{AccountScope.AuditSegment(kind)}/{AccountScope.AuditSegment(key)}/other-costs";
        if (!HealthAccountAccess.RoleMayAsk(user))
        {
            await audit.DeniedAsync(user, resource, action, ct);
            return (null, Failure.Of(ApiErrorCodes.RoleNotAllowed));
        }

        if (!AccountScope.TryKind(kind, out var scopeKind) || await access.FindAsync(user, scopeKind, key, ct) is not { } target)
        {
            await audit.DeniedAsync(user, resource, action, ct);
            return (null, Failure.NotFound());
        }

        return (target, null);
    }

    private static string Resource(AccountTarget target) => $"HealthAccount/{AccountScope.Segment(target.Kind)}/{target.Key}/other-costs";
}
