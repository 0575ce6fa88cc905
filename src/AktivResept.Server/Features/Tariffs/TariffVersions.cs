using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Tariffs;

public enum TariffVersionState
{
    Ended,
    InForce,
    Upcoming,
}

public sealed record TariffVersionView(TariffView Tariff, TariffVersionState State);

/// <summary>One service's versions in a schedule, oldest first, and the one in force today (if any).</summary>
public sealed record ServiceTariffs(ServiceType Service, TariffView? InForce, IReadOnlyList<TariffVersionView> Versions);

/// <summary>A tariff schedule (the national one when <see cref="ContractId"/> is null) as of <see cref="Today"/> in Oslo.</summary>
public sealed record TariffScheduleView(Guid? ContractId, DateOnly Today, IReadOnlyList<ServiceTariffs> Services);

/// <summary>A schedule a payer keeps: national (no contract, empty name) or a contract's, with its provider and share in force.</summary>
public sealed record TariffScheduleChoice(Guid? ContractId, string Name, string? Provider, decimal? CoFinancingShare);

/// <summary>What a new version did: the tariff it created, and the earlier version whose validity it closed (if any).</summary>
public sealed record TariffVersionCreated(TariffView Created, TariffView? Closed);

/// <summary>
/// A schedule's tariffs as versions per service, and a new version of one. A new version starts today or later (Oslo):
/// the days already priced keep their tariff. The version in force is never changed: a new version cannot start on
/// its first day or before today (409 naming it); it may only end it the day before the new one starts, which is
/// the one change a tariff admits. A new version that would meet a later one is refused (409 naming that one).
/// "In force" is <see cref="Tariff.InForce"/>, the rule claims are priced by.
/// </summary>
public sealed class TariffVersions(AktivDbContext db, TariffAdmin admin, CallerRelationships access, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// The schedules a payer keeps: the national one (the state payer only) and each of its contracts', with the
    /// contract's co-financing share in force today (<see cref="VersionInForce"/>, the rule claims use). Empty for others.
    /// </summary>
    public async Task<IReadOnlyList<TariffScheduleChoice>> SchedulesAsync(CurrentUser user, CancellationToken ct)
    {
        if (await access.PayerOfAsync(user, ct) is not { } payerId)
        {
            return [];
        }

        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        var kind = await db.Payers.AsNoTracking().Where(p => p.Id == payerId).Select(p => p.Kind).FirstAsync(ct);
        var contracts = await db.Contracts.AsNoTracking().Include(c => c.Versions).Where(c => c.PayerId == payerId)
            .Join(db.Providers.AsNoTracking(), c => c.ProviderId, p => p.Id, (c, p) => new { Contract = c, Provider = p.Name })
            .ToListAsync(ct);
        var choices = contracts.OrderBy(c => c.Contract.Name, StringComparer.CurrentCulture)
            .Select(c => new TariffScheduleChoice(c.Contract.Id, c.Contract.Name, c.Provider, VersionInForce.For(c.Contract.Versions, today, today)?.CoFinancingShare))
            .ToList();
        return kind == PayerKind.State ? [new TariffScheduleChoice(null, string.Empty, null, null), .. choices] : choices;
    }

    public async Task<Outcome<TariffScheduleView>> ScheduleAsync(CurrentUser user, Guid? contractId, CancellationToken ct)
    {
        // The same who-may-read rule as the flat list: the national schedule is public, a contract's its parties'.
        var listed = await admin.ListTariffsAsync(user, contractId, ct);
        if (!listed.Succeeded)
        {
            return new Outcome<TariffScheduleView>(listed.Kind, null, listed.Errors, listed.Error, listed.Field);
        }

        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        var services = listed.Value!.GroupBy(t => t.Service).OrderBy(g => g.Key)
            .Select(g =>
            {
                var inForce = InForce(g, g.Key, today);
                var versions = g.OrderBy(t => t.ValidFrom)
                    .Select(t => new TariffVersionView(t, t.Id == inForce?.Id ? TariffVersionState.InForce : t.ValidFrom > today ? TariffVersionState.Upcoming : TariffVersionState.Ended))
                    .ToList();
                return new ServiceTariffs(g.Key, inForce, versions);
            })
            .ToList();
        audit.Add(user, contractId is { } id ? $"Contract/{id}/tariffs" : "Tariffs/national", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return new TariffScheduleView(contractId, today, services);
    }

    public async Task<Outcome<TariffVersionCreated>> CreateAsync(CurrentUser user, CreateTariffRequest request, CancellationToken ct)
    {
        if (await admin.CheckAsync(user, request, ct) is { } refused)
        {
            return refused;
        }

        var service = request.Service!.Value;
        var from = request.ValidFrom!.Value;
        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockScheduleAsync(request.ContractId, service, ct);
        var series = await db.Tariffs.Where(t => t.ContractId == request.ContractId && t.Service == service).ToListAsync(ct);
        var inForce = series.FirstOrDefault(t => t.Id == Tariff.InForce(series.Select(s => s.ToDomain()), service, today)?.Id);

        // Before today, or on the first day of the version in force: that would rewrite days already priced.
        var changesPriced = from < today || (inForce is not null && from <= inForce.ValidFrom);
        if (changesPriced)
        {
            var onThatDay = series.FirstOrDefault(t => t.Id == Tariff.InForce(series.Select(s => s.ToDomain()), service, from)?.Id) ?? inForce;
            if (onThatDay is not null)
            {
                return Failure.Of(ApiErrorCodes.TariffVersionInForce.With(("service", service), ("from", onThatDay.ValidFrom), ("price", onThatDay.Price), ("today", today)), "validFrom");
            }

            return Failure.Invalid("validFrom", ApiErrorCodes.TariffVersionPast.With(("today", today)));
        }

        // The version the new one follows (in force the day before it starts) ends that day; any later one must not be met.
        var previous = series.Where(t => t.ValidFrom < from).MaxBy(t => t.ValidFrom);
        var later = series.Where(t => t != previous && t.ToDomain().Overlaps(from, request.ValidTo)).MinBy(t => t.ValidFrom);
        if (later is not null)
        {
            return TariffAdmin.OverlapFailure(later, later.ValidFrom <= from ? "validFrom" : "validTo");
        }

        TariffView? closed = null;
        if (previous is not null && (previous.ValidTo is null || previous.ValidTo >= from))
        {
            previous.ValidTo = from.AddDays(-1);
            audit.Add(user, $"Tariff/{previous.Id}", AuditAction.Update, AuditOutcome.Success);
            closed = TariffAdmin.View(previous);
        }

        var created = admin.Add(user, request);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new TariffVersionCreated(TariffAdmin.View(created), closed);
    }

    private static TariffView? InForce(IEnumerable<TariffView> versions, ServiceType service, DateOnly day)
    {
        var list = versions.ToList();
        var id = Tariff.InForce(list.Select(t => new Tariff(t.Id, t.Service, t.Price, t.Copay, t.ValidFrom, t.ValidTo, [.. t.CopayExemptBenefits])), service, day)?.Id;
        return list.FirstOrDefault(t => t.Id == id);
    }

    /// <summary>Two officers adding versions to one schedule at once take turns, so neither misses the other's.</summary>
    private async Task LockScheduleAsync(Guid? contractId, ServiceType service, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            var key = $"tariffs:{contractId?.ToString("N") ?? "national"}:{service}";
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
        }
    }
}
