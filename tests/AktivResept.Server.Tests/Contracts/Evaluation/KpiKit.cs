using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Kpis;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Contracts.Evaluation;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Contracts.Evaluation;

/// <summary>Intent helpers for KPI evaluation tests: an Oslo concession contract, municipal prescriptions, check-ins, a job run.</summary>
public static class KpiKit
{
    public static KpiRequirement Kpi(string metric, decimal threshold, int minimum, KpiPeriodKind period = KpiPeriodKind.Month, KpiDirection direction = KpiDirection.AtLeast, params (string Name, string Value)[] parameters) => new()
    {
        Metric = metric,
        Parameters = parameters.ToDictionary(p => p.Name, p => p.Value),
        Threshold = threshold,
        Direction = direction,
        Period = period,
        MinimumParticipants = minimum,
        Category = KpiCategory.Result,
    };

    /// <summary>
    /// An active contract between Oslo kommune (payer) and Aktiv Trening Oslo, arranged in the database as the contract
    /// API would leave it after activation: versions given as (valid from, valid to, KPIs), the last one active and the
    /// earlier ones superseded.
    /// </summary>
    public static async Task<(Guid ContractId, List<Guid> VersionIds)> ContractAsync(this AktivApiFactory app, DateOnly from, string name, params (DateOnly From, DateOnly? To, KpiRequirement[] Kpis)[] versions)
    {
        return await app.QueryAsync(async db =>
        {
            var payer = await db.Payers.SingleAsync(p => p.Kind == PayerKind.Municipality && p.Kommunenummer == "0301");
            var provider = await db.Providers.SingleAsync(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg);
            var contract = new Contract
            {
                PayerId = payer.Id,
                ProviderId = provider.Id,
                Name = name,
                Status = ContractStatus.Active,
                StatusChangedAt = AktivApiFactory.Start,
                StatusChangedBy = "test",
                ValidFrom = from,
                CreatedAt = AktivApiFactory.Start,
                CreatedBy = "test",
            };
            var number = 0;
            foreach (var (vFrom, vTo, kpis) in versions)
            {
                number++;
                contract.Versions.Add(new ContractVersion
                {
                    ContractId = contract.Id,
                    Number = number,
                    Status = number == versions.Length ? ContractVersionStatus.Active : ContractVersionStatus.Superseded,
                    ValidFrom = vFrom,
                    ValidTo = vTo,
                    CoFinancingShare = 0.3m,
                    CreatedAt = AktivApiFactory.Start,
                    CreatedBy = "test",
                    ActivatedAt = AktivApiFactory.Start,
                    ActivatedBy = "test",
                    Kpis = [.. kpis],
                });
            }

            db.Contracts.Add(contract);
            await db.SaveChangesAsync();
            return (contract.Id, contract.Versions.OrderBy(v => v.Number).Select(v => v.Id).ToList());
        });
    }

    /// <summary>A municipality-funded Oslo participant's prescription, sent to Grünerløkka and accepted, its start moved back to <paramref name="start"/>.</summary>
    public static async Task<Guid> MunicipalPrescriptionAsync(this AktivApiFactory app, string memberRef, DateOnly start, int sessionsPerWeek = 2)
    {
        var gp = app.AsGp();
        var gym = app.AsOsloGym();
        var location = DemoIdentities.GrunerlokkaLocationId;
        await app.QueryAsync(db => db.Locations.Where(l => l.Id == location).ExecuteUpdateAsync(s => s.SetProperty(l => l.Capacity, 100_000)));
        var request = TestData.IssueRequest(TestData.NewNationalId(), funding: "Municipality", start: TestData.Today.AddDays(1));
        request["sessionsPerWeek"] = sessionsPerWeek;
        var id = await gp.IssueAsync(request);
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trainers = await gym.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{id}/qualified-trainers", Json.Options);
        var accepted = await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainers!.First().Id, memberRef });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.StartDate, start)));
        return id;
    }

    /// <summary>One signed check-in per day given, at 16:00 UTC, through the gym system's webhook.</summary>
    public static async Task CheckInsAsync(this AktivApiFactory app, TestIntegration integration, string memberRef, params DateOnly[] days)
    {
        if (days.Length == 0)
        {
            return;
        }

        var events = days.Select(d => AttendanceKit.Event($"{memberRef}-{d:yyyyMMdd}", DemoIdentities.GrunerlokkaLocationId, memberRef,
            new DateTimeOffset(d.ToDateTime(new TimeOnly(16, 0)), TimeSpan.Zero))).ToArray();
        var response = await app.CreateClient().SendAsync(app.Signed(integration, AttendanceKit.Batch(events)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadJsonAsync();
        result.GetProperty("stored").GetInt32().ShouldBe(days.Length, result.ToString());
    }

    public static async Task<KpiEvaluationRun> EvaluateAsync(this AktivApiFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KpiEvaluationJob>().RunOnceAsync(CancellationToken.None);
    }

    public static HttpClient AsOsloCoordinator(this AktivApiFactory app) => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    /// <summary>The figure of one KPI key and period label on a dashboard.</summary>
    public static JsonElement Figure(this JsonElement dashboard, string key, string period) =>
        dashboard.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("key").GetString() == key)
            .GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("period").GetString() == period);

    public static DateOnly Day(int year, int month, int day) => new(year, month, day);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
