using System.Globalization;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Contracts.Evaluation;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Contracts.Evaluation;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AktivResept.Server.Tests.Demo;

/// <summary>The full demo as a coordinator first sees it: the history seeded, the evaluation job run once, the dashboards read through HTTP.</summary>
public sealed class DemoDashboardTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<DemoHistory>().SeedAsync(CancellationToken.None)).ShouldBeTrue();
        (await scope.ServiceProvider.GetRequiredService<KpiEvaluationJob>().RunOnceAsync(CancellationToken.None)).Written.ShouldBeGreaterThan(0);
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Both_dashboards_show_real_figures_Oslo_mostly_met_and_Bergen_partly_not_met()
    {
        var oslo = await DashboardAsync(DemoIdentities.OsloKommuneOrg, "Month");
        var bergen = await DashboardAsync(DemoIdentities.BergenKommuneOrg, "Quarter");

        foreach (var (name, figures) in new[] { ("Oslo", oslo), ("Bergen", bergen) })
        {
            var judged = figures.Where(f => f.Verdict != "TooFew").ToList();
            judged.Count.ShouldBeGreaterThan(20, name);
            judged.Select(f => f.Key).Distinct().Count().ShouldBeGreaterThanOrEqualTo(8, name);
            judged.Select(f => f.Value).Distinct().Count().ShouldBeGreaterThan(10, name);
        }

        var osloMet = Share(oslo, "Met");
        var bergenNotMet = Share(bergen, "NotMet");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Oslo met {osloMet:P0}, Bergen not met {bergenNotMet:P0}"));
        osloMet.ShouldBeGreaterThan(0.7);
        bergenNotMet.ShouldBeGreaterThan(0.3);
        bergenNotMet.ShouldBeLessThan(0.9);
    }

    [Fact]
    public async Task Every_demo_figure_names_the_version_that_judged_it_and_the_cohort_behind_it()
    {
        var evaluations = await _app.QueryAsync(db => db.KpiEvaluations.AsNoTracking().ToListAsync());

        evaluations.ShouldNotBeEmpty();
        evaluations.ShouldAllBe(e => e.VersionId != Guid.Empty && e.Participants == e.PrescriptionIds.Count);
        evaluations.Where(e => e.Participants > 0).ShouldAllBe(e => e.Numerator >= 0 && e.Denominator > 0);
    }

    private static double Share(List<Figure> figures, string verdict)
    {
        var judged = figures.Where(f => f.Verdict != "TooFew").ToList();
        return judged.Count(f => f.Verdict == verdict) / (double)judged.Count;
    }

    private async Task<List<Figure>> DashboardAsync(string org, string period)
    {
        var contract = await _app.QueryAsync(db => db.Contracts.Where(c => db.Payers.Any(p => p.Id == c.PayerId && p.OrganisationNumber == org)).Select(c => c.Id).SingleAsync());
        var dashboard = await _app.ClientAs(Roles.Municipality, org: org).GetJsonAsync($"/api/contracts/{contract}/results?period={period}");
        var figures = new List<Figure>();
        foreach (var series in dashboard.GetProperty("kpis").EnumerateArray())
        {
            foreach (var figure in series.GetProperty("figures").EnumerateArray())
            {
                figures.Add(new Figure(
                    series.GetProperty("key").GetString()!, figure.GetProperty("period").GetString()!, figure.GetProperty("verdict").GetString()!,
                    figure.GetProperty("value").ValueKind == JsonValueKind.Null ? null : figure.GetProperty("value").GetDecimal(), figure.GetProperty("participants").GetInt32()));
            }
        }

        foreach (var line in figures.GroupBy(f => f.Key).Select(g => $"{g.Key}: {string.Join(" ", g.Select(f => $"{f.Period}={f.Value?.ToString(CultureInfo.InvariantCulture) ?? "-"}/{f.Participants}/{f.Verdict}"))}"))
        {
            output.WriteLine(line);
        }

        return figures;
    }

    private sealed record Figure(string Key, string Period, string Verdict, decimal? Value, int Participants);
}
