using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.HealthAccounts;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Server.Tests.HealthAccounts;

/// <summary>
/// The loader's PostgreSQL reader (<see cref="AccountFactsSql"/>: the counted attendance rows' instants, claim lines
/// summed per prescription and payer, benefit periods in the same batch) against the rows folded by the Domain rules (<see cref="AccountFacts.ReadRowsAsync"/>
/// and <see cref="AttendanceDays"/>), and an approved credit line through the account's costs.
/// </summary>
public sealed class AccountCohortLoaderTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static readonly DateOnly From = new(2020, 1, 1);

    [Fact]
    public async Task The_database_reduction_gives_the_same_cohort_and_account_as_every_row_folded_by_the_domain_rules()
    {
        if (app.Database.IsSqlite)
        {
            return; // the reduction in the database is PostgreSQL's; SQLite reads the rows
        }

        var gym = await app.NewGymAsync();
        var (prescription, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member,
            ("pt-session", 3, 10), ("class-attendance", 3, 18),   // two sessions on one day count once
            ("no-show", 4, 10),                                   // a day with only a no-show does not count
            ("no-show", 5, 9), ("check-in", 5, 10),               // a no-show and an attended event
            ("check-in", 9, 0),                                   // Oslo midnight: still 8 November in UTC
            ("pt-session", 10, 10), ("pt-session", 12, 10), ("pt-session", 16, 10), ("pt-session", 19, 10),
            ("pt-session", 24, 8));                               // 07:00 UTC, an hour before now
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);
        var payer = app.AsStatePayer();
        var refused = (await payer.LinesAsync(claimId)).First().GetProperty("id").GetGuid();
        (await payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/{refused}/decision", new { decision = "reject", reason = "DocumentationMissing", note = "Mangler signatur." }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await payer.PostAsJsonAsync($"/api/claims/{claimId}/approve-clean", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var target = await TargetAsync();
        var now = app.Clock.GetUtcNow();
        var reduced = await LoadAsync(target, now, reduceInDatabase: true);
        var rows = await LoadAsync(target, now, reduceInDatabase: false);

        reduced.Participants.Count.ShouldBe(rows.Participants.Count);
        reduced.Participants.Count(p => p.Started).ShouldBeGreaterThan(0);
        var byId = rows.Participants.ToDictionary(p => p.PrescriptionId);
        foreach (var p in reduced.Participants)
        {
            var r = byId[p.PrescriptionId];
            (p.PersonKey, p.ReferredOn, p.StartDate, p.EndDate, p.Accepted, p.Started, p.AdherentAtWeek12, p.Completed, p.Benefit, p.AgeAtReferral, p.Sex, p.Kommunenummer, p.Arm)
                .ShouldBe((r.PersonKey, r.ReferredOn, r.StartDate, r.EndDate, r.Accepted, r.Started, r.AdherentAtWeek12, r.Completed, r.Benefit, r.AgeAtReferral, r.Sex, r.Kommunenummer, r.Arm));
            p.Status.ShouldBe(r.Status);
            p.AdherentByWeek.ShouldBe(r.AdherentByWeek, p.PrescriptionId.ToString());
            p.Measurements.OrderBy(m => (m.Instrument, m.Timepoint, m.Day, m.Score)).ShouldBe(r.Measurements.OrderBy(m => (m.Instrument, m.Timepoint, m.Day, m.Score)));
            ByPayer(p.Costs).ShouldBe(ByPayer(r.Costs), p.PrescriptionId.ToString());
            p.IncomeBenefitPeriods.ShouldBe(r.IncomeBenefitPeriods);
        }

        var mine = reduced.Participants.Single(p => p.PrescriptionId == prescription);
        mine.Started.ShouldBeTrue();
        mine.AdherentByWeek.Count.ShouldBe(3);
        var period = new AccountPeriod(From, TestData.Today);
        JsonSerializer.Serialize(HealthAccountCalculator.Compute(reduced with { Period = period }, AccountAssumptions.Default), Json)
            .ShouldBe(JsonSerializer.Serialize(HealthAccountCalculator.Compute(rows with { Period = period }, AccountAssumptions.Default), Json));
    }

    [Fact]
    public async Task The_attendance_read_in_sql_answers_every_adherence_question_as_the_countable_session_rule_over_the_rows()
    {
        if (app.Database.IsSqlite)
        {
            return; // the reduction in the database is PostgreSQL's
        }

        var gym = await app.NewGymAsync();
        var (prescription, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member,
            ("pt-session", 2, 0), ("check-in", 2, 23), ("no-show", 3, 1), ("class-attendance", 3, 7), ("check-in", 3, 6),
            ("no-show", 6, 12), ("check-in", 10, 0), ("pt-session", 10, 23), ("pt-session", 11, 0), ("class-attendance", 23, 23));
        var now = app.Clock.GetUtcNow();
        var ids = await app.QueryAsync(db => db.Prescriptions.Where(p => db.AttendanceRecords.Any(a => a.PrescriptionId == p.Id)).Select(p => p.Id).ToArrayAsync());
        ids.ShouldContain(prescription);

        var (reduced, rows, plans) = await app.QueryAsync(async db =>
        {
            var sql = new AccountFacts();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await AccountFactsSql.ReadAsync(connection, null, ids, [], now, sql, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
            var all = new AccountFacts();
            await AccountFacts.ReadRowsAsync(db, ids, now, all, CancellationToken.None);
            var plans = await db.Prescriptions.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.StartDate, p.DurationWeeks, p.SessionsPerWeek }).ToListAsync();
            return (sql, all, plans.ToDictionary(p => p.Id, p => new AdherencePlan(p.StartDate, p.StartDate.AddDays((7 * p.DurationWeeks) - 1), p.SessionsPerWeek)));
        });

        // Every counted event's instant, the no-shows left out; by Oslo day they fall on 2 (00:00 Oslo is 1 November in
        // UTC), 3, 10, 11 and 23 November.
        var counted = rows.Attendance[prescription].Where(f => CountableSession.CountsForAdherence(f.Kind)).Select(f => f.OccurredAt).Order().ToList();
        counted.Count.ShouldBeLessThan(rows.Attendance[prescription].Count);
        reduced.Attendance.ShouldBeEmpty("the SQL reader keeps instants, not rows");
        reduced.CountedAt[prescription].Order().ShouldBe(counted);
        reduced.AttendanceOf(prescription).Select(f => f.OccurredAt).Order().ShouldBe(counted);
        reduced.CountedAt[prescription].Select(at => OsloCalendar.DateOf(at).Day).Distinct().Order().ShouldBe([2, 3, 10, 11, 23]);
        reduced.CountedAt[prescription].Min().ShouldBe(OsloCalendar.StartOf(new DateOnly(2026, 11, 2)));
        foreach (var id in ids)
        {
            var plan = plans[id];
            var fromSql = AttendanceDays.Of(plan, reduced.AttendanceOf(id));
            var fromRows = AttendanceDays.Of(plan, rows.Attendance.GetValueOrDefault(id) ?? []);
            for (var asOf = OsloCalendar.StartOf(plan.StartDate); asOf <= now; asOf = asOf.AddMinutes(30))
            {
                fromSql.Sessions(plan.StartDate, plan.EndDate, asOf).ShouldBe(fromRows.Sessions(plan.StartDate, plan.EndDate, asOf), $"{id} {asOf:O}");
                fromSql.FirstAttended(plan.EndDate, asOf).ShouldBe(fromRows.FirstAttended(plan.EndDate, asOf), $"{id} {asOf:O}");
            }

            // The rule itself over the rows: AdherenceCalculator.Evaluate's count of sessions.
            AdherenceCalculator.Evaluate(plan, rows.Attendance.GetValueOrDefault(id) ?? [], now, AdherencePolicy.Default).AttendedSessions
                .ShouldBe(fromSql.Sessions(plan.StartDate, plan.EndDate, now), id.ToString());
        }
    }

    [Fact]
    public async Task An_approved_credit_line_lowers_the_accounts_costs_to_the_ore_of_the_approved_claim_lines()
    {
        var gym = await app.NewGymAsync();
        var (prescription, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("pt-session", 5, 10), ("pt-session", 10, 10));
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);
        var payer = app.AsStatePayer();
        (await payer.PostAsJsonAsync($"/api/claims/{claimId}/approve-clean", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await payer.PostAsJsonAsync($"/api/claims/{claimId}/complete", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var line = (await gym.Admin.LinesAsync(claimId)).First().GetProperty("id").GetGuid();
        var credit = await gym.Admin.PostAsJsonAsync($"/api/claims/{claimId}/lines/{line}/credit", new { reason = "Registrert på feil dag" });
        credit.StatusCode.ShouldBe(HttpStatusCode.Created, await credit.Content.ReadAsStringAsync());
        var correction = (await credit.ReadJsonAsync()).GetProperty("claimId").GetGuid();
        await gym.SubmitAsync(correction);
        (await payer.PostAsJsonAsync($"/api/claims/{correction}/approve-clean", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var lines = await app.QueryAsync(db => db.ClaimLines.Where(l => l.PrescriptionId == prescription && l.Status == ClaimLineStatus.Approved)
            .Select(l => new { l.Kind, l.PublicShare, l.Copay, l.CoFinancing }).ToListAsync());
        lines.ShouldContain(l => l.PublicShare < 0); // the credit, approved
        lines.Count.ShouldBe(4);
        var expected = lines.Sum(l => l.PublicShare);
        expected.ShouldBe(lines.Where(l => l.PublicShare > 0).Sum(l => l.PublicShare) - lines.Where(l => l.PublicShare > 0).First().PublicShare);

        var cohort = await LoadAsync(await TargetAsync(), app.Clock.GetUtcNow(), reduceInDatabase: !app.Database.IsSqlite);
        var costs = cohort.Participants.Single(p => p.PrescriptionId == prescription).Costs;
        costs.Where(c => c.Payer == CostPayer.State).Sum(c => c.Amount).ShouldBe(expected);
        costs.Where(c => c.Payer == CostPayer.Copay).Sum(c => c.Amount).ShouldBe(lines.Sum(l => l.Copay));

        // Through the API: the programme's claims by payer are the sums of every approved line, the credit included.
        var all = await app.QueryAsync(db => (
                from l in db.ClaimLines
                join c in db.Claims on l.ClaimId equals c.Id
                join p in db.Payers on c.PayerId equals p.Id
                join rx in db.Prescriptions on l.PrescriptionId equals rx.Id
                where l.Status == ClaimLineStatus.Approved && p.Kind == PayerKind.State && rx.IssuedAt != null
                select new { l.PublicShare, rx.IssuedAt }).ToListAsync());
        var start = OsloCalendar.StartOf(From);
        var report = (await (await payer.GetAsync($"/api/health-accounts/programme/national?from={From:yyyy-MM-dd}&to={TestData.Today:yyyy-MM-dd}")).ReadJsonAsync())
            .GetProperty("report").GetProperty("costs");
        report.GetProperty("byPayer").EnumerateArray().Single(p => p.GetProperty("payer").GetString() == "State").GetProperty("claims").GetDecimal()
            .ShouldBe(all.Where(l => l.IssuedAt >= start).Sum(l => l.PublicShare));
    }

    private static Dictionary<CostPayer, decimal> ByPayer(IEnumerable<AccountCost> costs) =>
        costs.GroupBy(c => c.Payer).ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));

    [Fact]
    public async Task Small_chunks_read_while_the_previous_is_computed_give_the_cohort_of_one_chunk()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("check-in", 3, 10), ("pt-session", 5, 10));
        await app.FundedPrescriptionAsync(gym);
        var target = await TargetAsync();
        var now = app.Clock.GetUtcNow();

        var whole = await LoadAsync(target, now, chunkSize: AccountCohortLoader.DefaultChunkSize);
        var chunked = await LoadAsync(target, now, chunkSize: 3);

        whole.Participants.Count.ShouldBeGreaterThan(3 * 2, "enough prescriptions for several chunks");
        chunked.Participants.Select(p => p.PrescriptionId).ShouldBe(whole.Participants.Select(p => p.PrescriptionId).Order(), "in prescription order");
        JsonSerializer.Serialize(chunked, Json).ShouldBe(JsonSerializer.Serialize(whole, Json));
    }

    private async Task<AccountTarget> TargetAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = new CurrentUser("test", Roles.Payer, null, OrganisationNumber.Parse(DemoIdentities.StatePayerOrg), null, null);
        var target = await scope.ServiceProvider.GetRequiredService<HealthAccountAccess>().FindAsync(user, AccountScopeKind.Programme, AccountScope.NationalKey, CancellationToken.None);
        return target.ShouldNotBeNull();
    }

    private async Task<AccountCohort> LoadAsync(AccountTarget target, DateTimeOffset now, bool reduceInDatabase)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccountCohortLoader>().LoadAsync(target, From, TestData.Today, now, reduceInDatabase, CancellationToken.None);
    }

    private async Task<AccountCohort> LoadAsync(AccountTarget target, DateTimeOffset now, int chunkSize)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var loader = new AccountCohortLoader(scope.ServiceProvider.GetRequiredService<AktivDbContext>(), scope.ServiceProvider.GetRequiredService<AtRestCipher>())
        {
            ChunkSize = chunkSize,
        };
        return await loader.LoadAsync(target, From, TestData.Today, now, CancellationToken.None);
    }
}
