using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Claims;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AktivResept.Server.Tests.Claims;

public sealed class ClaimGenerationTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Attended_sessions_are_priced_and_the_rest_refused_with_every_reason_that_applies()
    {
        var gym = await app.NewGymAsync();
        var (prescription, member) = await app.FundedPrescriptionAsync(gym, sessionsPerWeek: 2);
        // 2 November 2026 is a Monday: week 45 gets three sessions and a no-show, week 46 two PT sessions on one day.
        await app.AttendAsync(gym, member, ("pt-session", 2, 10), ("class-attendance", 4, 10), ("no-show", 5, 10), ("pt-session", 6, 10), ("pt-session", 10, 9), ("pt-session", 10, 15));

        var claimId = await gym.SingleClaimAsync();
        var lines = await gym.Admin.LinesAsync(claimId);

        lines.Length.ShouldBe(6);
        lines.ShouldAllBe(l => l.GetProperty("prescriptionId").GetGuid() == prescription);
        Line(lines, 2).GetProperty("status").GetString().ShouldBe("Priced");
        Line(lines, 2).GetProperty("tariff").GetDecimal().ShouldBe(450.00m);
        Line(lines, 2).GetProperty("publicShare").GetDecimal().ShouldBe(400.00m);
        Line(lines, 2).GetProperty("copay").GetDecimal().ShouldBe(50.00m);
        Line(lines, 4).GetProperty("service").GetString().ShouldBe("GroupSession");
        Line(lines, 4).GetProperty("publicShare").GetDecimal().ShouldBe(150.00m);
        Line(lines, 5).Strings("refusals").ShouldBe(["NotAttended"]);
        Line(lines, 6).Strings("refusals").ShouldBe(["WeeklyCapExceeded"]);
        Line(lines, 6).GetProperty("tariff").GetDecimal().ShouldBe(0m);
        lines.Where(l => l.GetProperty("serviceDate").GetString() == "2026-11-10").Select(l => string.Join(",", l.Strings("refusals")))
            .ShouldBe(["", "DuplicateSession"], ignoreOrder: true);
        Line(lines, 2).Strings("signals").ShouldContain("MoreSessionsThanPrescribed");

        var claim = await gym.Admin.ClaimAsync(claimId);
        claim.GetProperty("status").GetString().ShouldBe("Draft");
        claim.GetProperty("totalTariff").GetDecimal().ShouldBe(1050.00m);
        claim.GetProperty("totalPublicShare").GetDecimal().ShouldBe(950.00m);
        claim.GetProperty("totalCopay").GetDecimal().ShouldBe(100.00m);
        claim.GetProperty("pricedLines").GetInt32().ShouldBe(3);
        claim.GetProperty("refusedLines").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Sessions_after_the_benefit_ended_are_refused_and_flagged_for_the_payer()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym, benefitTo: new DateOnly(2026, 11, 9));
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("pt-session", 11, 10));

        var lines = await gym.Admin.LinesAsync(await gym.SingleClaimAsync());

        Line(lines, 3).GetProperty("status").GetString().ShouldBe("Priced");
        Line(lines, 11).Strings("refusals").ShouldBe(["NoActiveBenefit"]);
        Line(lines, 11).Strings("signals").ShouldBe(["AfterBenefitEnded"]);
    }

    [Fact]
    public async Task Regenerating_a_month_changes_nothing()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("class-attendance", 5, 18), ("pt-session", 9, 10));

        var first = await gym.SingleClaimAsync();
        var before = await gym.Admin.LinesAsync(first);
        var second = await gym.SingleClaimAsync();
        var after = await gym.Admin.LinesAsync(second);

        second.ShouldBe(first);
        after.Select(Fingerprint).ShouldBe(before.Select(Fingerprint));
        (await app.QueryAsync(db => db.Claims.CountAsync(c => c.ProviderId == gym.ProviderId))).ShouldBe(1);
    }

    [Fact]
    public async Task Two_concurrent_generations_on_two_instances_produce_one_claim()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("pt-session", 5, 10), ("pt-session", 10, 10));
        await using var other = app.SecondInstance();
        var otherAdmin = other.ClientAs(Server.Common.Auth.Roles.ProviderAdmin, org: gym.Org);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? gym.Admin : otherAdmin).PostAsJsonAsync("/api/claims/generate", new { month = ClaimsKit.November }))).Within(TestBudget.TwoNodes);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await app.QueryAsync(db => db.Claims.CountAsync(c => c.ProviderId == gym.ProviderId))).ShouldBe(1);
        (await app.QueryAsync(db => db.ClaimLines.CountAsync(l => db.Claims.Any(c => c.Id == l.ClaimId && c.ProviderId == gym.ProviderId)))).ShouldBe(3);
    }

    [Fact]
    public async Task Late_attendance_after_submission_goes_on_a_supplementary_claim_and_the_submitted_one_is_untouched()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("pt-session", 5, 10));
        var original = await gym.SingleClaimAsync();
        await gym.SubmitAsync(original);
        var submitted = await gym.Admin.LinesAsync(original);
        // A national tariff change after submission must not reach the submitted claim.
        await app.QueryAsync(db => db.Tariffs.Where(t => t.ContractId == null && t.Service == ServiceType.PtSession).ExecuteUpdateAsync(s => s.SetProperty(t => t.Price, 475m)));

        try
        {
            await app.AttendAsync(gym, member, ("pt-session", 10, 10));
            var supplementary = await gym.SingleClaimAsync();

            supplementary.ShouldNotBe(original);
            var claim = await gym.Admin.ClaimAsync(supplementary);
            claim.GetProperty("sequence").GetInt32().ShouldBe(1);
            claim.GetProperty("supplementary").GetBoolean().ShouldBeTrue();
            var added = await gym.Admin.LinesAsync(supplementary);
            added.Single().GetProperty("serviceDate").GetString().ShouldBe("2026-11-10");
            added.Single().GetProperty("tariff").GetDecimal().ShouldBe(475m);
            (await gym.Admin.LinesAsync(original)).Select(Fingerprint).ShouldBe(submitted.Select(Fingerprint));
            (await gym.Admin.ClaimAsync(original)).GetProperty("totalTariff").GetDecimal().ShouldBe(900m);
        }
        finally
        {
            await app.QueryAsync(db => db.Tariffs.Where(t => t.ContractId == null && t.Service == ServiceType.PtSession).ExecuteUpdateAsync(s => s.SetProperty(t => t.Price, 450m)));
        }
    }

    [Fact]
    public async Task The_database_refuses_a_second_charge_for_the_same_session()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10));
        var claimId = await gym.SingleClaimAsync();

        var error = await Should.ThrowAsync<DbUpdateException>(() => app.QueryAsync(async db =>
        {
            var line = await db.ClaimLines.AsNoTracking().SingleAsync(l => l.ClaimId == claimId);
            line.Id = Guid.NewGuid();
            db.ClaimLines.Add(line);
            return await db.SaveChangesAsync();
        }));

        if (app.Database.IsSqlite)
        {
            // SQLite names the index's columns, not the index: a unique-constraint failure on the session.
            var sqlite = error.InnerException.ShouldBeOfType<SqliteException>();
            sqlite.SqliteExtendedErrorCode.ShouldBe(2067); // SQLITE_CONSTRAINT_UNIQUE
            sqlite.Message.ShouldContain("ClaimLines.SessionId");
        }
        else
        {
            error.InnerException.ShouldBeOfType<PostgresException>().ConstraintName.ShouldBe("IX_ClaimLines_OneChargePerSession");
        }
    }

    [Fact]
    public async Task A_municipal_contract_prices_with_its_own_tariff_and_the_providers_co_financing()
    {
        var gym = await app.NewGymAsync();
        var municipality = app.AsOsloKommunePayer();
        var contractId = await app.ActiveContractAsync(municipality, gym.ProviderId, "Konsesjon", "2026-01-01", 0.3m);
        var tariff = await municipality.PostAsJsonAsync("/api/tariffs", new { contractId, service = "PtSession", price = 499.99m, copay = 0m, validFrom = "2026-01-01" });
        tariff.StatusCode.ShouldBe(HttpStatusCode.Created, await tariff.Content.ReadAsStringAsync());
        var (_, member) = await app.FundedPrescriptionAsync(gym, funding: "Municipality");
        await app.AttendAsync(gym, member, ("pt-session", 3, 10));

        var line = (await gym.Admin.LinesAsync(await gym.SingleClaimAsync())).Single();

        line.GetProperty("tariff").GetDecimal().ShouldBe(499.99m);
        line.GetProperty("coFinancing").GetDecimal().ShouldBe(150.00m); // 149.997 rounded to the øre
        line.GetProperty("publicShare").GetDecimal().ShouldBe(349.99m);
        (await app.QueryAsync(db => db.Claims.Where(c => c.ProviderId == gym.ProviderId).Select(c => c.PayerId).SingleAsync()))
            .ShouldBe(await app.QueryAsync(db => db.Payers.Where(p => p.Kommunenummer == "0301").Select(p => p.Id).SingleAsync()));
    }

    [Fact]
    public async Task A_self_paid_prescription_produces_no_claim()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym, funding: "SelfPaid");
        await app.AttendAsync(gym, member, ("pt-session", 3, 10));

        (await gym.GenerateAsync()).GetProperty("claimIds").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("2026-13", "month")]
    [InlineData("november", "month")]
    [InlineData("2027-01", "month")]
    public async Task A_bad_month_is_a_validation_problem_naming_the_field(string month, string field)
    {
        var gym = await app.NewGymAsync();

        var response = await gym.Admin.PostAsJsonAsync("/api/claims/generate", new { month });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Only_a_provider_admin_generates_claims()
    {
        var response = await app.AsStatePayer().PostAsJsonAsync("/api/claims/generate", new { month = ClaimsKit.November });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static JsonElement Line(JsonElement[] lines, int day) =>
        lines.Single(l => l.GetProperty("serviceDate").GetString() == $"2026-11-{day:D2}");

    private static string Fingerprint(JsonElement line) =>
        string.Join("|", line.GetProperty("id").GetGuid(), line.GetProperty("sessionId").GetGuid(), line.GetProperty("status").GetString(),
            line.GetProperty("tariff").GetDecimal(), line.GetProperty("publicShare").GetDecimal(), string.Join(",", line.Strings("refusals")));
}
