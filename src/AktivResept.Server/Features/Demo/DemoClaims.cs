using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Claims;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Demo;

/// <summary>
/// The claims of <see cref="DemoHistory"/>'s year of courses, taken through the claims engine as the gyms and the
/// municipalities would: each past month generated, every draft with payable lines submitted by the gym's
/// administrator, the clean lines approved by its payer (flagged lines stay for a person to judge) and the claim
/// completed when none is left. So the demo's health accounts have costs by payer (they count approved lines only).
/// Seeding fails loudly when a step is refused. Does nothing once a history gym has an approved line, or when the
/// history was not seeded.
/// </summary>
public sealed class DemoClaims(AktivDbContext db, IServiceScopeFactory scopes, TimeProvider clock, ILogger<DemoClaims> logger)
{
    private static readonly string[] HistoryGyms = [DemoIdentities.AktivTreningOsloOrg, DemoIdentities.BergenHelsetreningOrg];

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        var gyms = await db.Providers.Where(p => HistoryGyms.Contains(p.OrganisationNumber)).Select(p => new { p.Id, p.OrganisationNumber }).ToListAsync(ct);
        if (gyms.Count != HistoryGyms.Length || !await db.Payers.AnyAsync(p => p.OrganisationNumber == DemoIdentities.BergenKommuneOrg, ct)
            || await db.ClaimLines.AnyAsync(l => l.Status == ClaimLineStatus.Approved && db.Claims.Any(c => c.Id == l.ClaimId && gyms.Select(g => g.Id).Contains(c.ProviderId)), ct))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var thisMonth = OsloCalendar.DateOf(now) is var today ? new DateOnly(today.Year, today.Month, 1) : default;
        var approved = 0;
        foreach (var gym in gyms)
        {
            var admin = new CurrentUser("seed-provider-admin", Roles.ProviderAdmin, null, OrganisationNumber.Parse(gym.OrganisationNumber), null, "Demo");
            var attended = await db.AttendanceRecords.Where(a => a.ProviderId == gym.Id && a.PrescriptionId != null && a.OccurredAt < now)
                .Select(a => a.OccurredAt).ToListAsync(ct);
            var months = attended.Select(OsloCalendar.DateOf).Select(d => new DateOnly(d.Year, d.Month, 1)).Where(m => m < thisMonth).Distinct().Order();
            foreach (var month in months)
            {
                await using var step = scopes.CreateAsyncScope();
                await step.ServiceProvider.GenerateClaimsAsync(gym.Id, month, admin.AsActor, ct);
            }

            var drafts = await (
                    from c in db.Claims
                    join p in db.Payers on c.PayerId equals p.Id
                    where c.ProviderId == gym.Id && c.Status == ClaimStatus.Draft && c.PricedLines > 0 && c.Month < thisMonth
                    orderby c.Month
                    select new { c.Id, p.OrganisationNumber })
                .ToListAsync(ct);
            foreach (var draft in drafts)
            {
                var payer = new CurrentUser("seed-payer", Roles.Payer, null, OrganisationNumber.Parse(draft.OrganisationNumber), null, "Demo");
                Ensure(await InOwnScopeAsync(s => s.SubmitClaimAsync(admin, draft.Id, ct)), "submit", draft.Id);
                Ensure(await InOwnScopeAsync(s => s.ApproveCleanLinesAsync(payer, draft.Id, ct)), "approve-clean", draft.Id);
                approved++;

                // Flagged lines stay for a person to judge (as approve-clean leaves them); a claim with none left is settled.
                if (!await db.ClaimLines.AnyAsync(l => l.ClaimId == draft.Id && l.Status == ClaimLineStatus.Priced, ct))
                {
                    Ensure(await InOwnScopeAsync(s => s.CompleteClaimAsync(payer, draft.Id, ct)), "complete", draft.Id);
                }
            }
        }

        if (approved == 0)
        {
            throw new InvalidOperationException("Demo claims: the history's gyms produced no claim with payable lines.");
        }

        logger.LogInformation("Seeded the history's claims: {Claims} submitted, approved and completed", approved);
        return true;
    }

    /// <summary>
    /// Each step in a unit of work of its own, as each would be a request of its own: the seeding scope's context
    /// still tracks the claim lines earlier demo steps generated (the programmes' claims), which a regeneration of the
    /// same month replaces.
    /// </summary>
    private async Task<T> InOwnScopeAsync<T>(Func<IServiceProvider, Task<T>> step)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await step(scope.ServiceProvider);
    }

    private static void Ensure<T>(Outcome<T> outcome, string step, Guid claimId)
    {
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"Demo claims: {step} of claim {claimId} was refused: {outcome.Error?.ToString() ?? outcome.Kind.ToString()} {string.Join("; ", outcome.Errors?.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? [])}");
        }
    }
}
