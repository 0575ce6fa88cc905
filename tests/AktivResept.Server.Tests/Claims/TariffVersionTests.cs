using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Claims;

/// <summary>
/// A payer's tariff versions (issue 23): a new version from today or later ends the one before it the day before and
/// never changes the version in force. The test clock stands at 24 November 2026; each test has a contract of its own.
/// </summary>
public sealed class TariffVersionTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _payer = app.AsOsloKommunePayer();

    [Fact]
    public async Task A_new_version_from_a_later_day_ends_the_version_in_force_the_day_before_and_keeps_its_price()
    {
        var (contractId, inForce) = await ScheduleAsync();

        var response = await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "PtSession", price = 550.50m, copay = 0m, validFrom = "2027-01-01" });

        var body = await ShouldBeCreatedAsync(response);
        body.GetProperty("created").GetProperty("price").GetDecimal().ShouldBe(550.50m);
        body.GetProperty("closed").GetProperty("id").GetGuid().ShouldBe(inForce);
        body.GetProperty("closed").GetProperty("validTo").GetString().ShouldBe("2026-12-31");
        var old = await app.QueryAsync(db => db.Tariffs.AsNoTracking().SingleAsync(t => t.Id == inForce));
        (old.Price, old.ValidFrom, old.ValidTo).ShouldBe((500m, new DateOnly(2026, 1, 1), (DateOnly?)new DateOnly(2026, 12, 31)));

        var schedule = await _payer.GetFromJsonAsync<JsonElement>($"/api/tariffs/schedule?contractId={contractId}");
        var pt = schedule.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "PtSession");
        pt.GetProperty("inForce").GetProperty("id").GetGuid().ShouldBe(inForce);
        pt.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("state").GetString()).ShouldBe(["InForce", "Upcoming"]);

        var created = body.GetProperty("created").GetProperty("id").GetGuid();
        (await AuditCountAsync($"Tariff/{created}", AuditAction.Create)).ShouldBe(1);
        (await AuditCountAsync($"Tariff/{inForce}", AuditAction.Update)).ShouldBe(1);
        (await AuditCountAsync($"Contract/{contractId}/tariffs", AuditAction.Read)).ShouldBe(1);
    }

    [Theory]
    [InlineData("2026-01-01")]
    [InlineData("2026-11-01")]
    public async Task A_version_that_would_change_days_of_the_version_in_force_is_a_409_naming_it(string validFrom)
    {
        var (contractId, inForce) = await ScheduleAsync();

        var response = await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "PtSession", price = 600m, validFrom });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("tariff.version-in-force");
        problem.GetProperty("field").GetString().ShouldBe("validFrom");
        problem.GetProperty("args").GetProperty("from").GetString().ShouldBe("2026-01-01");
        var unchanged = await app.QueryAsync(db => db.Tariffs.AsNoTracking().Where(t => t.ContractId == contractId).ToListAsync());
        unchanged.ShouldHaveSingleItem().Id.ShouldBe(inForce);
        unchanged[0].ValidTo.ShouldBeNull();
    }

    [Fact]
    public async Task A_version_starting_today_on_the_first_day_of_the_version_in_force_is_refused_and_one_from_tomorrow_is_not()
    {
        var (contractId, _) = await ScheduleAsync();
        (await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "DietGuidance", price = 400m, validFrom = "2026-11-24" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var sameDay = await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "DietGuidance", price = 410m, validFrom = "2026-11-24" });
        var tomorrow = await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "DietGuidance", price = 410m, validFrom = "2026-11-25" });

        (await sameDay.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("tariff.version-in-force");
        await ShouldBeCreatedAsync(tomorrow);
    }

    [Fact]
    public async Task A_version_in_the_past_with_no_tariff_then_is_a_400_on_valid_from()
    {
        var (contractId, _) = await ScheduleAsync();

        var response = await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "InitialAssessment", price = 600m, validFrom = "2026-06-01" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("validFrom")[0].GetProperty("code").GetString().ShouldBe("tariff.version-in-past");
    }

    [Fact]
    public async Task A_version_that_would_meet_a_later_version_is_a_409_naming_the_field_and_that_version()
    {
        var (contractId, _) = await ScheduleAsync();
        await ShouldBeCreatedAsync(await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "PtSession", price = 550m, validFrom = "2027-01-01" }));

        var endsTooLate = await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "PtSession", price = 520m, validFrom = "2026-12-01", validTo = "2027-03-31" });
        var sameStart = await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "PtSession", price = 560m, validFrom = "2027-01-01" });

        var first = await endsTooLate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        first.GetProperty("code").GetString().ShouldBe("tariff.overlap-open-ended");
        first.GetProperty("field").GetString().ShouldBe("validTo");
        first.GetProperty("args").GetProperty("from").GetString().ShouldBe("2027-01-01");
        (await sameStart.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("field").GetString().ShouldBe("validFrom");
        (await app.QueryAsync(db => db.Tariffs.CountAsync(t => t.ContractId == contractId))).ShouldBe(2);
    }

    [Fact]
    public async Task A_version_without_a_price_or_with_copay_over_price_is_a_400_naming_the_field()
    {
        var (contractId, _) = await ScheduleAsync();

        var noPrice = await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "PtSession", validFrom = "2027-01-01" });
        var copay = await _payer.PostAsJsonAsync("/api/tariffs/versions", new { contractId, service = "PtSession", price = 100m, copay = 150m, validFrom = "2027-01-01" });

        (await noPrice.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("price", out _).ShouldBeTrue();
        (await copay.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("copay", out _).ShouldBeTrue();
        (await app.QueryAsync(db => db.Tariffs.CountAsync(t => t.ContractId == contractId))).ShouldBe(1);
    }

    [Fact]
    public async Task Only_the_contracts_payer_adds_versions_and_only_its_parties_read_the_schedule()
    {
        var (contractId, _) = await ScheduleAsync();
        var request = new { contractId, service = "PtSession", price = 550m, validFrom = "2027-01-01" };

        (await app.AsOsloGym().PostAsJsonAsync("/api/tariffs/versions", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AsGp().PostAsJsonAsync("/api/tariffs/versions", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var otherPayer = await app.AsStatePayer().PostAsJsonAsync("/api/tariffs/versions", request);
        (await otherPayer.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("contractId", out _).ShouldBeTrue();

        (await app.AsStatePayer().GetAsync($"/api/tariffs/schedule?contractId={contractId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsGp().GetAsync($"/api/tariffs/schedule?contractId={contractId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsGp().GetAsync($"/api/tariffs/schedule?contractId={Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.Tariffs.CountAsync(t => t.ContractId == contractId))).ShouldBe(1);
    }

    [Fact]
    public async Task The_state_payer_versions_the_national_schedule_and_two_versions_at_once_do_not_both_win()
    {
        var state = app.AsStatePayer();
        var before = await state.GetFromJsonAsync<JsonElement>("/api/tariffs/schedule");
        var group = before.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "GroupSession");
        group.GetProperty("inForce").GetProperty("price").GetDecimal().ShouldBe(150m);

        var responses = await Task.WhenAll(
            state.PostAsJsonAsync("/api/tariffs/versions", new { service = "GroupSession", price = 160m, validFrom = "2027-02-01" }),
            state.PostAsJsonAsync("/api/tariffs/versions", new { service = "GroupSession", price = 170m, validFrom = "2027-02-01" }));

        responses.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict]);
        var after = await state.GetFromJsonAsync<JsonElement>("/api/tariffs/schedule");
        var versions = after.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "GroupSession").GetProperty("versions");
        versions.EnumerateArray().Select(v => v.GetProperty("tariff").GetProperty("validTo").ValueKind == JsonValueKind.Null ? "open" : v.GetProperty("tariff").GetProperty("validTo").GetString())
            .ShouldBe(["2027-01-31", "open"]);
    }

    /// <summary>A contract of the test's own (Oslo kommune with a new gym) with one PT tariff of 500 from 1 January 2026.</summary>
    private async Task<(Guid ContractId, Guid InForce)> ScheduleAsync()
    {
        var gym = await app.NewGymAsync();
        var contractId = await app.ActiveContractAsync(_payer, gym.ProviderId, $"Takstavtale {gym.Org}", "2026-01-01", coFinancingShare: 0.25m);
        var created = await _payer.PostAsJsonAsync("/api/tariffs", new { contractId, service = "PtSession", price = 500m, copay = 0m, validFrom = "2026-01-01" });
        return (contractId, (await ShouldBeCreatedAsync(created)).GetProperty("id").GetGuid());
    }

    private static async Task<JsonElement> ShouldBeCreatedAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private Task<int> AuditCountAsync(string resource, string action) =>
        app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == resource && a.Action == action && a.Outcome == AuditOutcome.Success));
}
