using System.Security.Claims;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>A scope the caller may see, as the list of scopes and the report name it.</summary>
public sealed record AccountScopeView(string Kind, string Key, string Name, bool MayEditCosts)
{
    public static AccountScopeView Of(AccountTarget target) => new(AccountScope.Segment(target.Kind), target.Key, target.Name, target.MayEditCosts);
}

/// <summary>The health account of one scope and period: which scope, which days, and the calculator's report.</summary>
public sealed record HealthAccountView(AccountScopeView Scope, DateOnly From, DateOnly To, HealthAccountReport Report);

/// <summary>
/// Reads a health account: checks the role (403) and the assumptions and period (400 naming the field), resolves the
/// scope through <see cref="HealthAccountAccess"/> (unknown or not yours: 404), loads the cohort, computes the report
/// with <see cref="HealthAccountCalculator"/> and audits the read as an aggregate access (who, scope, period; no person).
/// The REST endpoints and the web pages both call it.
/// </summary>
public sealed class HealthAccountReader(
    HealthAccountAccess access, AccountCohortLoader loader, AuditLog audit, TimeProvider clock, IOptions<TestIdentityOptions> identity)
{
    public const string AuditPurpose = "aggregate";

    public async Task<Outcome<HealthAccountView>> ReadAsync(ClaimsPrincipal principal, AccountScope scope, AccountAssumptions assumptions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(assumptions);
        var user = CurrentUser.From(principal, identity.Value.AllowTestIdentities);
        return user is null ? Failure.Of(ApiErrorCodes.RoleNotAllowed) : await ReadAsync(user, scope, assumptions, ct);
    }

    public async Task<Outcome<HealthAccountView>> ReadAsync(CurrentUser user, AccountScope scope, AccountAssumptions assumptions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(assumptions);
        var now = clock.GetUtcNow();
        var (from, to) = Period(scope, now);
        var resource = $"{scope.Resource}?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        if (!HealthAccountAccess.RoleMayAsk(user))
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.Of(ApiErrorCodes.RoleNotAllowed);
        }

        var errors = new ValidationErrors();
        if (from > to)
        {
            errors.Add("from", ApiErrorCodes.AccountPeriod.With(("max", AccountScope.MaxYears)));
        }
        else if (from.AddYears(AccountScope.MaxYears) <= to)
        {
            errors.Add("to", ApiErrorCodes.AccountPeriod.With(("max", AccountScope.MaxYears)));
        }

        foreach (var violation in assumptions.Validate())
        {
            errors.Add(violation.Field, violation.Error);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (await access.FindAsync(user, scope.Kind, scope.Key, ct) is not { } target)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var cohort = await loader.LoadAsync(target, from, to, now, ct) with { Period = new AccountPeriod(from, to) };
        var report = HealthAccountCalculator.Compute(cohort, assumptions);
        audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success, purpose: AuditPurpose);
        await audit.SaveAsync(ct);
        return new HealthAccountView(AccountScopeView.Of(target), from, to, report);
    }

    /// <summary>The scopes the caller may see (an empty list for a role that sees none).</summary>
    public async Task<Outcome<IReadOnlyList<AccountScopeView>>> ScopesAsync(CurrentUser user, CancellationToken ct)
    {
        if (!HealthAccountAccess.RoleMayAsk(user))
        {
            await audit.DeniedAsync(user, "HealthAccount", AuditAction.Search, ct);
            return Failure.Of(ApiErrorCodes.RoleNotAllowed);
        }

        return (await access.VisibleAsync(user, ct)).Select(AccountScopeView.Of).ToList();
    }

    private static (DateOnly From, DateOnly To) Period(AccountScope scope, DateTimeOffset now)
    {
        var (defaultFrom, defaultTo) = AccountScope.DefaultPeriod(now);
        var to = scope.To ?? defaultTo;
        return (scope.From ?? (scope.To is null ? defaultFrom : to.AddYears(-1).AddDays(1)), to);
    }
}
