using System.Net;
using System.Text;
using System.Text.Json;
using AktivResept.Domain.Kpis;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static AktivResept.Server.Tests.Contracts.Evaluation.KpiKit;

namespace AktivResept.Server.Tests.Contracts.Evaluation;

/// <summary>
/// Who sees a contract's results, and what a provider is not shown. The figures are stored directly (the job's own
/// tests compute them); here only the read side is under test.
/// </summary>
public sealed class KpiResultsAccessTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string AllBenefits = "equity-reach";
    private const string Disability = "equity-reach?benefit=DisabilityBenefit";

    [Fact]
    public async Task The_payer_side_and_the_provider_read_results_and_everyone_else_gets_not_found()
    {
        var (contract, evaluation) = await ContractWithFiguresAsync("Oslo konsesjon");

        foreach (var party in new[] { app.AsOsloCoordinator(), app.ClientAs(Roles.Payer, org: DemoIdentities.OsloKommuneOrg), app.AsOsloGym() })
        {
            (await party.GetAsync($"/api/contracts/{contract}/results")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await party.GetAsync($"/api/contracts/{contract}/results/{evaluation}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await party.GetAsync($"/api/contracts/{contract}/results.csv")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var outsiders = new[]
        {
            app.AsBergenGym(), app.AsGp(), app.AsParticipant(DemoIdentities.ParticipantAnneFnr),
            app.ClientAs(Roles.Payer, org: DemoIdentities.StatePayerOrg), app.ClientAs(Roles.Municipality, org: DemoIdentities.StatePayerOrg),
            app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr), app.ClientAs(Roles.Researcher),
        };
        foreach (var outsider in outsiders)
        {
            (await outsider.GetAsync($"/api/contracts/{contract}/results")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await outsider.GetAsync($"/api/contracts/{contract}/results/{evaluation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await outsider.GetAsync($"/api/contracts/{contract}/results.csv")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await app.AsOsloCoordinator().GetAsync($"/api/contracts/{Guid.NewGuid()}/results")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var (other, _) = await ContractWithFiguresAsync("Annen kontrakt");
        (await app.AsOsloCoordinator().GetAsync($"/api/contracts/{other}/results/{evaluation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_provider_never_sees_a_figure_broken_down_by_benefit_but_sees_the_all_benefits_figure()
    {
        var (contract, _) = await ContractWithFiguresAsync("Oslo konsesjon");
        var byBenefit = await app.QueryAsync(db => db.KpiEvaluations.Where(e => e.ContractId == contract && e.KpiKey == Disability).Select(e => e.Id).SingleAsync());

        var gym = await app.AsOsloGym().GetJsonAsync($"/api/contracts/{contract}/results");
        var coordinator = await app.AsOsloCoordinator().GetJsonAsync($"/api/contracts/{contract}/results");

        Keys(gym).ShouldBe([AllBenefits]);
        Keys(coordinator).ShouldBe([AllBenefits, Disability]);
        (await app.AsOsloGym().GetAsync($"/api/contracts/{contract}/results/{byBenefit}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsOsloGym().GetStringAsync($"/api/contracts/{contract}/results.csv")).ShouldNotContain("benefit=");
    }

    [Fact]
    public async Task The_csv_is_invariant_and_formula_safe_and_a_bad_period_is_refused_naming_it()
    {
        var (contract, _) = await ContractWithFiguresAsync("=HYPERLINK(\"http://x\")");

        var response = await app.AsOsloCoordinator().GetAsync($"/api/contracts/{contract}/results.csv?period=Month");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("contract,kpi,metric,category,unit,period,period_from,period_to,numerator,denominator,value");
        lines.Length.ShouldBe(3);
        lines[1].ShouldStartWith("\"'=HYPERLINK(\"\"http://x\"\")\",equity-reach,equity-reach,Result,PerThousand,2026-10,2026-10-01,2026-10-31,12,9120,1.32,AtLeast,1.5,12,5,NotMet,true,1,1,");

        var bad = await app.AsOsloCoordinator().GetAsync($"/api/contracts/{contract}/results?period=Week");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonSerializer.Deserialize<JsonElement>(await bad.Content.ReadAsStringAsync());
        problem.GetProperty("errors").GetProperty("period")[0].GetProperty("code").GetString().ShouldBe("kpi-results.period");
    }

    private static List<string> Keys(JsonElement dashboard) =>
        [.. dashboard.GetProperty("kpis").EnumerateArray().Select(k => k.GetProperty("key").GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>An Oslo contract with two equity KPIs and a final October figure of each (12 of 9,120 residents: 1.32 per 1,000).</summary>
    private async Task<(Guid Contract, Guid Evaluation)> ContractWithFiguresAsync(string name)
    {
        var all = Kpi("equity-reach", 1.5m, 5);
        var disability = Kpi("equity-reach", 1.5m, 5, parameters: ("benefit", "DisabilityBenefit"));
        var (contract, versions) = await app.ContractAsync(Day(2026, 10, 1), name, (Day(2026, 10, 1), null, [all, disability]));
        var ids = Enumerable.Range(0, 12).Select(_ => Guid.CreateVersion7()).Order().ToList();
        var rows = new[] { (all, AllBenefits), (disability, Disability) }.Select(k => new KpiEvaluation
        {
            ContractId = contract,
            VersionId = versions[0],
            KpiRequirementId = k.Item1.Id,
            KpiKey = k.Item2,
            PeriodKind = KpiPeriodKind.Month,
            PeriodFrom = Day(2026, 10, 1),
            PeriodTo = Day(2026, 10, 31),
            Revision = 1,
            Numerator = 12,
            Denominator = 9120,
            Value = 1.32m,
            Threshold = 1.5m,
            Direction = KpiDirection.AtLeast,
            MinimumParticipants = 5,
            Participants = 12,
            Verdict = KpiVerdict.NotMet,
            IsFinal = true,
            PrescriptionIds = ids,
            Fingerprint = "test",
            ComputedAt = AktivApiFactory.Start,
        }).ToList();
        await app.QueryAsync(async db =>
        {
            db.KpiEvaluations.AddRange(rows);
            return await db.SaveChangesAsync();
        });
        return (contract, rows[0].Id);
    }
}
