using AktivResept.Domain.Kpis;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Benchmarks;

/// <summary>A bench contract and the coordinator organisation that may read it.</summary>
public sealed record BenchContract(Guid Id, string PayerOrganisation);

/// <summary>
/// One concession contract per bench gym with its municipality, over the twelve months before this one (ended on the
/// last day of last month, so the evaluation covers exactly twelve monthly periods), judged monthly by the six KPIs
/// <see cref="KpiRawReference"/> also computes. Written through the app's own model (EF), like the management API would.
/// </summary>
public static class KpiContracts
{
    /// <summary>The name every bench contract has, by which the drivers tell them from the demo data's.</summary>
    public const string BenchName = "Bench concession";

    private static readonly (string Metric, Dictionary<string, string> Parameters, decimal Threshold)[] Kpis =
    [
        ("answered-within-days", new() { ["days"] = "7" }, 0.9m),
        ("completion-rate", [], 0.7m),
        ("dropout-rate", [], 0.2m),
        ("waiting-days-median", [], 14m),
        ("waiting-days-p90", [], 21m),
        ("adherence-by-week", new() { ["weeks"] = "12", ["share"] = "0.75" }, 0.5m),
    ];

    /// <summary>
    /// The bench contracts an earlier run created in a kept database (--reuse); with <paramref name="reset"/>, what that
    /// run's evaluation stored and notified is removed, so that the evaluation measured next is a first pass again, as
    /// in a fresh run.
    /// </summary>
    public static async Task<IReadOnlyList<BenchContract>> ExistingAsync(IServiceProvider services, bool reset)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.Name == BenchName)
            .Join(db.Payers, c => c.PayerId, p => p.Id, (c, p) => new BenchContract(c.Id, p.OrganisationNumber))
            .ToListAsync();
        if (reset)
        {
            await db.KpiEvaluations.Where(e => db.Contracts.Any(c => c.Id == e.ContractId && c.Name == BenchName)).ExecuteDeleteAsync();
            await db.InboxMessages.Where(m => db.Contracts.Any(c => c.Id == m.ContractId && c.Name == BenchName)).ExecuteDeleteAsync();
        }

        return contracts;
    }

    public static async Task<IReadOnlyList<BenchContract>> CreateAsync(IServiceProvider services, DateOnly from, DateOnly to)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var parties = await db.Payers.AsNoTracking()
            .Where(p => EF.Functions.Like(p.Name, "Benchkommune %"))
            .Join(db.Locations, p => p.Kommunenummer, l => l.Kommunenummer, (p, l) => new { PayerId = p.Id, p.OrganisationNumber, l.ProviderId })
            .ToListAsync();
        var now = DateTimeOffset.UtcNow;
        var contracts = parties.Select(p => new Contract
        {
            PayerId = p.PayerId,
            ProviderId = p.ProviderId,
            Name = BenchName,
            Status = ContractStatus.Ended,
            StatusChangedAt = now,
            StatusChangedBy = "bench",
            ValidFrom = from,
            ValidTo = to,
            CreatedAt = now,
            CreatedBy = "bench",
            Versions =
            [
                new ContractVersion
                {
                    Number = 1, Status = ContractVersionStatus.Active, ValidFrom = from, ValidTo = to, CoFinancingShare = 0.3m,
                    CreatedAt = now, CreatedBy = "bench", ActivatedAt = now, ActivatedBy = "bench",
                    Kpis = [.. Kpis.Select(k => new KpiRequirement
                    {
                        Metric = k.Metric, Parameters = new(k.Parameters), Threshold = k.Threshold,
                        Direction = KpiCatalogue.All.Single(d => d.Code == k.Metric).DefaultDirection,
                        Period = KpiPeriodKind.Month, MinimumParticipants = 5, Category = KpiCategory.Result,
                    })],
                },
            ],
        }).ToList();
        db.Contracts.AddRange(contracts);
        await db.SaveChangesAsync();
        var organisation = parties.ToDictionary(p => p.ProviderId, p => p.OrganisationNumber);
        return [.. contracts.Select(c => new BenchContract(c.Id, organisation[c.ProviderId]))];
    }
}
