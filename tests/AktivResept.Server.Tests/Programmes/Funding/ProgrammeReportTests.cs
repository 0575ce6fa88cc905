using System.Net;
using System.Text.Json;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Funding;

/// <summary>The monthly «Aktiv på dagtid» report: fill rate and waiting list per month and series, small counts hidden.</summary>
public sealed class ProgrammeReportTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly DateOnly FirstWeek = new(2026, 11, 2);

    private HttpClient Coordinator() => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    /// <summary>Five Tuesdays from 3 November: 6 attended and 2 waiting on the first, 3 attended on the second, the fourth cancelled, 3 attended on 1 December.</summary>
    private async Task<TestProgramme> ArrangedAsync(ProgrammeOperator @operator = ProgrammeOperator.Municipality, Guid? providerId = null)
    {
        var programme = await ProgrammeTestData.WeeklyClassAsync(app, "0301", DemoIdentities.GrunerlokkaLocationId, capacity: 10, weeks: 5, FirstWeek, @operator, providerId, null);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[0], 6);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[0], 2, BookingStatus.Waiting);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[1], 3);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[4], 3);
        var cancelled = programme.SessionIds[3];
        await app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == cancelled).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.CancelledAt, AktivApiFactory.Start).SetProperty(s => s.CancelledBy, "test").SetProperty(s => s.CancellationReason, "Instruktøren er syk")));
        return programme;
    }

    [Fact]
    public async Task The_coordinator_sees_fill_rate_and_waiting_list_per_month_with_counts_below_five_hidden()
    {
        var programme = await ArrangedAsync();

        var response = await Coordinator().GetAsync($"/api/programmes/report?from=2026-11&to=2026-12&programmeId={programme.ProgrammeId}");
        var body = await response.ReadJsonAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("month").GetString()).ShouldBe(["2026-11", "2026-12"]);
        var november = rows[0];
        november.GetProperty("sessionsHeld").GetInt32().ShouldBe(3);
        november.GetProperty("sessionsCancelled").GetInt32().ShouldBe(1);
        november.GetProperty("placesOffered").GetInt32().ShouldBe(30);
        november.GetProperty("booked").GetInt32().ShouldBe(9);
        november.GetProperty("attended").GetInt32().ShouldBe(9);
        november.GetProperty("fillRatePercent").GetDouble().ShouldBe(30.0);
        november.GetProperty("waiting").ValueKind.ShouldBe(JsonValueKind.Null); // 2 joined the waiting list: hidden
        var december = rows[1];
        december.GetProperty("placesOffered").GetInt32().ShouldBe(10);
        december.GetProperty("booked").ValueKind.ShouldBe(JsonValueKind.Null);
        december.GetProperty("attended").ValueKind.ShouldBe(JsonValueKind.Null);
        december.GetProperty("fillRatePercent").ValueKind.ShouldBe(JsonValueKind.Null);
        december.GetProperty("waiting").GetInt32().ShouldBe(0);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Programme/{programme.ProgrammeId}/report" && a.Action == "read"))).ShouldBe(1);
    }

    [Fact]
    public async Task The_csv_leaves_hidden_counts_empty()
    {
        var programme = await ArrangedAsync();

        var response = await Coordinator().GetAsync($"/api/programmes/report.csv?from=2026-12&to=2026-12&programmeId={programme.ProgrammeId}");
        var csv = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, csv);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ShouldBe([
            "month,programme,series,activity,sessions_held,sessions_cancelled,places_offered,booked,attended,fill_rate_percent,waiting",
            "2026-12,Aktiv på dagtid (test),Styrke,Strength,1,0,10,,,,0",
        ]);
    }

    [Fact]
    public async Task A_gym_admin_sees_the_programme_their_gym_runs_another_gym_or_municipality_gets_404_and_a_payer_403()
    {
        var gym = await app.NewGymAsync();
        var programme = await ArrangedAsync(ProgrammeOperator.GymOnStateFunding, gym.ProviderId);
        var query = $"/api/programmes/report?from=2026-11&to=2026-11&programmeId={programme.ProgrammeId}";

        var own = await gym.Admin.GetAsync(query);
        var otherGym = await app.AsBergenGym().GetAsync(query);
        var otherMunicipality = await app.ClientAs(Roles.Municipality, org: DemoIdentities.BergenKommuneOrg).GetAsync(query);
        var unknown = await Coordinator().GetAsync($"/api/programmes/report?programmeId={Guid.NewGuid()}");
        var payer = await app.AsStatePayer().GetAsync(query);

        own.StatusCode.ShouldBe(HttpStatusCode.OK, await own.Content.ReadAsStringAsync());
        (await own.ReadJsonAsync()).GetProperty("rows").GetArrayLength().ShouldBe(1);
        otherGym.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        otherMunicipality.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        payer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("from=2026-13", "from")]
    [InlineData("from=2026-12&to=2026-11", "from")]
    [InlineData("from=2020-01&to=2026-11", "from")]
    [InlineData("to=11.2026", "to")]
    public async Task A_bad_period_is_a_400_naming_the_field(string query, string field)
    {
        var response = await Coordinator().GetAsync($"/api/programmes/report?{query}");
        var body = await response.ReadJsonAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        body.GetProperty("errors").GetProperty(field)[0].GetProperty("code").GetString().ShouldBe("programme.report-period");
    }
}
