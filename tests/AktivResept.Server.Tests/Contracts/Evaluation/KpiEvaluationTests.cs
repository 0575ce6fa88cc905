using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Kpis;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static AktivResept.Server.Tests.Contracts.Evaluation.KpiKit;

namespace AktivResept.Server.Tests.Contracts.Evaluation;

/// <summary>
/// The evaluation through HTTP, with figures worked out by hand from docs/kpis.md. Each test has its own app and
/// clock (the clock moves past period ends). The clock starts on Tuesday 2026-11-24; the prescriptions start on
/// Monday 2026-11-02 with 2 sessions a week, so plan week 4 ends on Sunday 2026-11-29 and the dose by then is
/// 2 × 4 = 8 sessions. adherence-by-week (weeks 4, share 0.75) reaches at 6 countable sessions (0.75 × 8), share 0.5
/// at 4. November is final once 2026-11-30 + 30 days (Attendance:LateEventDays) has ended: from 2027-01-01 Oslo time.
/// </summary>
public sealed class KpiEvaluationTests : IAsyncLifetime
{
    private const string Adherence75 = "adherence-by-week?share=0.75&weeks=4";
    private const string Adherence50 = "adherence-by-week?share=0.5&weeks=4";
    private const string Certified = "certified-trainer-share";
    private static readonly DateOnly Start = Day(2026, 11, 2);

    private readonly AktivApiFactory _app = new();
    private TestIntegration _integration = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _integration = await _app.CreateIntegrationAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task A_final_not_met_figure_notifies_once_and_a_late_session_makes_a_visible_second_revision()
    {
        var (contract, versions) = await _app.ContractAsync(Day(2026, 11, 1), "Oslo konsesjon", (Day(2026, 11, 1), null,
        [
            Kpi("adherence-by-week", 0.7m, 5, parameters: [("weeks", "4"), ("share", "0.75")]),
            Kpi("adherence-by-week", 0.5m, 10, parameters: [("weeks", "4"), ("share", "0.5")]),
            Kpi("certified-trainer-share", 0.9m, 1),
        ]));
        var prescriptions = await SixParticipantsAsync();

        // Before plan week 4 has ended nobody is in the cohort: the provisional November figure is "too few".
        await _app.EvaluateAsync();
        var early = await _app.AsOsloCoordinator().GetJsonAsync($"/api/contracts/{contract}/results?period=Month");
        early.Figure(Adherence75, "2026-11").GetProperty("verdict").GetString().ShouldBe("TooFew");
        early.Figure(Adherence75, "2026-11").GetProperty("isFinal").GetBoolean().ShouldBeFalse();

        // After November is final: 5 starters (the sixth never came), 3 of them with at least 6 sessions.
        _app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 2, 8, 0, 0, TimeSpan.Zero));
        var run = await _app.EvaluateAsync();
        run.Notified.ShouldBe(1);
        var final = await _app.AsOsloCoordinator().GetJsonAsync($"/api/contracts/{contract}/results?period=Month");
        var november = final.Figure(Adherence75, "2026-11");
        (november.GetProperty("numerator").GetDecimal(), november.GetProperty("denominator").GetDecimal(), november.GetProperty("value").GetDecimal())
            .ShouldBe((3m, 5m, 0.6m));
        november.GetProperty("participants").GetInt32().ShouldBe(5);
        november.GetProperty("verdict").GetString().ShouldBe("NotMet");
        november.GetProperty("isFinal").GetBoolean().ShouldBeTrue();
        november.GetProperty("revision").GetInt32().ShouldBe(1);
        november.GetProperty("versionId").GetGuid().ShouldBe(versions[0]);

        // 4 of 5 reach half the dose, but 5 participants are below the minimum of 10: too few, exactly.
        var half = final.Figure(Adherence50, "2026-11");
        (half.GetProperty("numerator").GetDecimal(), half.GetProperty("denominator").GetDecimal(), half.GetProperty("verdict").GetString()).ShouldBe((4m, 5m, "TooFew"));

        // The gym's admins and the coordinator each get one message, naming the contract and no person.
        var gymInbox = await InboxOfAsync(_app.AsOsloGym(), contract);
        var coordinatorInbox = await InboxOfAsync(_app.AsOsloCoordinator(), contract);
        gymInbox.Count.ShouldBe(1);
        coordinatorInbox.Count.ShouldBe(1);
        gymInbox[0].GetProperty("prescriptionId").ValueKind.ShouldBe(JsonValueKind.Null);
        gymInbox[0].GetProperty("data").GetProperty("kpi").GetString().ShouldBe(Adherence75);
        gymInbox[0].GetProperty("data").GetProperty("period").GetString().ShouldBe("2026-11");

        // Nothing new: a second pass writes nothing and says nothing.
        var again = await _app.EvaluateAsync();
        (again.Written, again.Notified).ShouldBe((0, 0));

        // A session the trainer registers late for the participant who had 5: now 4 of 5 reach the dose.
        var late = await _app.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{prescriptions[2]}/sessions",
            new { id = "late-1", type = "pt-session", occurredAt = "2026-11-20T10:00:00Z", attended = true });
        late.StatusCode.ShouldBe(HttpStatusCode.Created, await late.Content.ReadAsStringAsync());
        (await _app.EvaluateAsync()).Notified.ShouldBe(0);

        var revised = await _app.AsOsloCoordinator().GetJsonAsync($"/api/contracts/{contract}/results?period=Month");
        november = revised.Figure(Adherence75, "2026-11");
        (november.GetProperty("numerator").GetDecimal(), november.GetProperty("value").GetDecimal(), november.GetProperty("verdict").GetString(), november.GetProperty("revision").GetInt32())
            .ShouldBe((4m, 0.8m, "Met", 2));
        var explanation = await _app.AsOsloCoordinator().GetJsonAsync($"/api/contracts/{contract}/results/{november.GetProperty("evaluationId").GetGuid()}");
        explanation.GetProperty("revisions").EnumerateArray().Select(r => (r.GetProperty("revision").GetInt32(), r.GetProperty("verdict").GetString(), r.GetProperty("value").GetDecimal()))
            .ShouldBe([(1, "NotMet", 0.6m), (2, "Met", 0.8m)]);
        var pseudonyms = explanation.GetProperty("prescriptions").EnumerateArray().Select(p => p.GetString()!).ToList();
        pseudonyms.Count.ShouldBe(5);
        pseudonyms.ShouldAllBe(p => p.Length == 10 && p.All(Uri.IsHexDigit));
        pseudonyms.ShouldNotContain(p => prescriptions.Any(id => id.ToString().Contains(p, StringComparison.OrdinalIgnoreCase)));
        explanation.GetProperty("suppressed").ValueKind.ShouldBe(JsonValueKind.Null);

        // The late session is the only trainer session: 1 of 1 by a certified trainer, a cohort too small to list.
        var certified = revised.Figure(Certified, "2026-11");
        (certified.GetProperty("numerator").GetDecimal(), certified.GetProperty("denominator").GetDecimal(), certified.GetProperty("revision").GetInt32()).ShouldBe((1m, 1m, 2));
        var small = await _app.AsOsloCoordinator().GetJsonAsync($"/api/contracts/{contract}/results/{certified.GetProperty("evaluationId").GetGuid()}");
        small.GetProperty("prescriptions").ValueKind.ShouldBe(JsonValueKind.Null);
        small.GetProperty("suppressed").GetProperty("code").GetString().ShouldBe("kpi-results.cohort-suppressed");

        // The met revision says nothing more; the not-met one was said once.
        (await InboxOfAsync(_app.AsOsloGym(), contract)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_version_activated_mid_period_judges_that_period_and_is_named_by_its_evaluation()
    {
        var (contract, versions) = await _app.ContractAsync(Day(2026, 10, 1), "Oslo konsesjon",
            (Day(2026, 10, 1), Day(2026, 11, 14), [Kpi("adherence-by-week", 0.7m, 5, parameters: [("weeks", "4"), ("share", "0.75")])]),
            (Day(2026, 11, 15), null, [Kpi("adherence-by-week", 0.5m, 5, parameters: [("weeks", "4"), ("share", "0.75")])]));
        await SixParticipantsAsync();
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

        await _app.EvaluateAsync();

        var dashboard = await _app.AsOsloCoordinator().GetJsonAsync($"/api/contracts/{contract}/results?period=Month");
        var october = dashboard.Figure(Adherence75, "2026-10");
        var november = dashboard.Figure(Adherence75, "2026-11");
        (october.GetProperty("versionId").GetGuid(), october.GetProperty("versionNumber").GetInt32(), october.GetProperty("threshold").GetDecimal()).ShouldBe((versions[0], 1, 0.7m));
        (november.GetProperty("versionId").GetGuid(), november.GetProperty("versionNumber").GetInt32(), november.GetProperty("threshold").GetDecimal()).ShouldBe((versions[1], 2, 0.5m));

        // November is still provisional; its 3 of 5 (0.6) meets version 2's 0.5 where version 1's 0.7 would not.
        (november.GetProperty("value").GetDecimal(), november.GetProperty("verdict").GetString(), november.GetProperty("isFinal").GetBoolean()).ShouldBe((0.6m, "Met", false));
        dashboard.GetProperty("kpis").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_dashboard_read_before_a_new_version_is_activated_names_the_new_version_after_it()
    {
        // The dashboard keeps what it read of the activated versions; a version activated later must still be named.
        var (contract, versions) = await _app.ContractAsync(Day(2026, 10, 1), "Oslo konsesjon",
            (Day(2026, 10, 1), null, [Kpi("adherence-by-week", 0.7m, 5, parameters: [("weeks", "4"), ("share", "0.75")])]));
        await SixParticipantsAsync();
        await _app.EvaluateAsync();
        var before = await _app.AsOsloCoordinator().GetJsonAsync($"/api/contracts/{contract}/results?period=Month");
        before.Figure(Adherence75, "2026-11").GetProperty("versionNumber").GetInt32().ShouldBe(1);

        var second = await _app.QueryAsync(async db =>
        {
            var first = await db.ContractVersions.SingleAsync(v => v.Id == versions[0]);
            (first.ValidTo, first.Status) = (Day(2026, 11, 14), ContractVersionStatus.Superseded);
            var version = new ContractVersion
            {
                ContractId = contract,
                Number = 2,
                Status = ContractVersionStatus.Active,
                ValidFrom = Day(2026, 11, 15),
                CoFinancingShare = 0.3m,
                CreatedAt = _app.Clock.GetUtcNow(),
                CreatedBy = "test",
                ActivatedAt = _app.Clock.GetUtcNow(),
                ActivatedBy = "test",
                Kpis = [Kpi("adherence-by-week", 0.5m, 5, parameters: [("weeks", "4"), ("share", "0.75")])],
            };
            db.ContractVersions.Add(version);
            await db.SaveChangesAsync();
            return version.Id;
        });
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        await _app.EvaluateAsync();

        var after = await _app.AsOsloCoordinator().GetJsonAsync($"/api/contracts/{contract}/results?period=Month");
        var november = after.Figure(Adherence75, "2026-11");
        (november.GetProperty("versionId").GetGuid(), november.GetProperty("versionNumber").GetInt32(), november.GetProperty("threshold").GetDecimal())
            .ShouldBe((second, 2, 0.5m));
        after.Figure(Adherence75, "2026-10").GetProperty("versionNumber").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Two_instances_evaluating_at_once_write_each_figure_and_notice_once()
    {
        var (contract, _) = await _app.ContractAsync(Day(2026, 11, 1), "Oslo konsesjon", (Day(2026, 11, 1), null,
        [
            Kpi("adherence-by-week", 0.9m, 1, parameters: [("weeks", "4"), ("share", "0.75")]),
            Kpi("answered-within-days", 0.5m, 1, KpiPeriodKind.Quarter),
        ]));
        await SixParticipantsAsync();
        _app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 2, 8, 0, 0, TimeSpan.Zero));

        await using var second = _app.SecondInstance();
        await Task.WhenAll(_app.EvaluateAsync(), second.EvaluateAsync(), _app.EvaluateAsync(), second.EvaluateAsync()).Within(TestBudget.TwoNodes);

        // Months November to January and quarters Q4 2026 and Q1 2027: one row each, none repeated.
        var rows = await _app.QueryAsync(db => db.KpiEvaluations.Where(e => e.ContractId == contract).ToListAsync());
        rows.Count.ShouldBe(5);
        rows.GroupBy(r => (r.KpiRequirementId, r.PeriodFrom, r.Revision)).ShouldAllBe(g => g.Count() == 1);
        rows.ShouldAllBe(r => r.Revision == 1);
        (await InboxOfAsync(_app.AsOsloGym(), contract)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_municipality_funded_participant_counts_in_equity_reach_by_the_benefit_period_covering_the_start_day()
    {
        var (contract, _) = await _app.ContractAsync(Day(2026, 11, 1), "Oslo konsesjon", (Day(2026, 11, 1), null,
        [
            Kpi("equity-reach", 0.5m, 1),
            Kpi("equity-reach", 0.5m, 1, parameters: ("benefit", "DisabilityBenefit")),
        ]));
        await ImportPopulationAsync("0301,DisabilityBenefit,2500,NAV tabell 11,2026\n0301,SocialAssistance,1500,NAV tabell 11,2026\n");

        // Municipal prescriptions are never checked for eligibility, so none has an eligibility benefit of its own.
        (BenefitKind Kind, DateOnly From, DateOnly? To)[][] periods =
        [
            [(BenefitKind.DisabilityBenefit, Day(2025, 3, 1), null)],

            // Two cover the start day: the one reaching furthest names the benefit (SocialAssistance, not SicknessBenefit).
            [(BenefitKind.SicknessBenefit, Day(2026, 6, 1), Day(2026, 12, 31)), (BenefitKind.SocialAssistance, Day(2026, 10, 1), Day(2027, 3, 31))],

            // Ended the day before the start, and none at all: not in any equity cohort.
            [(BenefitKind.DisabilityBenefit, Day(2025, 1, 1), Day(2026, 11, 1))],
            [],
        ];
        var prescriptions = new List<Guid>();
        for (var i = 0; i < periods.Length; i++)
        {
            var member = $"equity-{i}";
            var id = await _app.MunicipalPrescriptionAsync(member, Start);
            prescriptions.Add(id);
            await BenefitPeriodsAsync(id, periods[i]);
            await _app.CheckInsAsync(_integration, member, Day(2026, 11, 4), Day(2026, 11, 6));
        }

        (await _app.QueryAsync(db => db.Prescriptions.CountAsync(p => prescriptions.Contains(p.Id) && p.EligibilityBenefit != null))).ShouldBe(0);

        await _app.EvaluateAsync();

        // All six benefits: 2 participants of 2,500 + 1,500 residents = 2 × 1000 / 4000 = 0.5 per 1,000.
        // Disability alone: 1 of 2,500 = 1 × 1000 / 2500 = 0.4 per 1,000.
        var dashboard = await _app.AsOsloCoordinator().GetJsonAsync($"/api/contracts/{contract}/results?period=Month");
        var all = dashboard.Figure("equity-reach", "2026-11");
        var disability = dashboard.Figure("equity-reach?benefit=DisabilityBenefit", "2026-11");
        (all.GetProperty("numerator").GetDecimal(), all.GetProperty("denominator").GetDecimal(), all.GetProperty("value").GetDecimal(), all.GetProperty("verdict").GetString())
            .ShouldBe((2m, 4000m, 0.5m, "Met"));
        (disability.GetProperty("numerator").GetDecimal(), disability.GetProperty("denominator").GetDecimal(), disability.GetProperty("value").GetDecimal(), disability.GetProperty("verdict").GetString())
            .ShouldBe((1m, 2500m, 0.4m, "NotMet"));
        var behind = await _app.QueryAsync(db => db.KpiEvaluations.Where(e => e.ContractId == contract && e.KpiKey == "equity-reach").Select(e => e.PrescriptionIds).SingleAsync());
        behind.Order().ShouldBe(prescriptions.Take(2).Order());
    }

    /// <summary>Six participants starting 2026-11-02 with 6, 8, 5, 2, 6 and 0 check-ins on distinct days of plan weeks 1–4.</summary>
    private async Task<List<Guid>> SixParticipantsAsync()
    {
        int[] sessions = [6, 8, 5, 2, 6, 0];
        var ids = new List<Guid>();
        for (var i = 0; i < sessions.Length; i++)
        {
            var member = $"kpi-{i}";
            ids.Add(await _app.MunicipalPrescriptionAsync(member, Start));
            await _app.CheckInsAsync(_integration, member, [.. Enumerable.Range(1, sessions[i]).Select(d => Start.AddDays(d * 2))]);
        }

        return ids;
    }

    /// <summary>Registry periods for the participant of <paramref name="prescription"/>, as the benefits import would store them.</summary>
    private async Task BenefitPeriodsAsync(Guid prescription, (BenefitKind Kind, DateOnly From, DateOnly? To)[] periods) =>
        await _app.QueryAsync(async db =>
        {
            var hash = await db.People.Where(person => db.Prescriptions.Any(p => p.Id == prescription && p.ParticipantId == person.Id))
                .Select(person => person.NationalIdHash).SingleAsync();
            db.BenefitPeriods.AddRange(periods.Select(b => new BenefitPeriodRecord { NationalIdHash = hash, Kind = b.Kind, From = b.From, To = b.To, Source = "test" }));
            return await db.SaveChangesAsync();
        });

    private async Task ImportPopulationAsync(string csv)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<BenefitPopulationImporter>().ImportAsync(new StringReader(csv), CancellationToken.None);
        result.Succeeded.ShouldBeTrue();
    }

    private static async Task<List<JsonElement>> InboxOfAsync(HttpClient client, Guid contract)
    {
        var page = await client.GetJsonAsync("/api/inbox");
        return [.. page.GetProperty("items").EnumerateArray().Where(i => i.TryGetProperty("contractId", out var c) && c.GetGuid() == contract)];
    }
}
