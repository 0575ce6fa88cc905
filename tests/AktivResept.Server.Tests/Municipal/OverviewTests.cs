using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Municipal;

/// <summary>
/// The municipality overview's figures against an independent count straight from the database, small cells hidden by
/// the shared rule, and the CSV saying the same as the JSON.
/// </summary>
public sealed class OverviewTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private HttpClient Coordinator() => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    private static string ThisMonth => TestData.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Referrals_by_month_match_an_independent_count_and_small_counts_are_hidden()
    {
        var gp = app.AsGp();
        for (var i = 0; i < 6; i++)
        {
            await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        }

        var overview = await (await Coordinator().GetAsync($"/api/municipality/overview?from={ThisMonth}&to={ThisMonth}")).ReadJsonAsync();

        var monthStart = OsloCalendar.StartOf(new DateOnly(TestData.Today.Year, TestData.Today.Month, 1));
        var monthEnd = OsloCalendar.StartOf(new DateOnly(TestData.Today.Year, TestData.Today.Month, 1).AddMonths(1));
        var issued = await app.QueryAsync(async db => (await db.Prescriptions
                .Where(p => p.IssuedAt != null && db.People.Any(x => x.Id == p.ParticipantId && x.Kommunenummer == "0301"))
                .Select(p => p.IssuedAt!.Value).ToListAsync())
            .Count(at => at >= monthStart && at < monthEnd));
        var started = await app.QueryAsync(async db => (await db.StatusChanges
                .Where(c => c.To == PrescriptionStatus.Active && db.Prescriptions.Any(p => p.Id == c.PrescriptionId && db.People.Any(x => x.Id == p.ParticipantId && x.Kommunenummer == "0301")))
                .Select(c => c.At).ToListAsync())
            .Count(at => at >= monthStart && at < monthEnd));

        issued.ShouldBeGreaterThanOrEqualTo(6);
        var month = overview.GetProperty("months").EnumerateArray().Single();
        month.GetProperty("referrals").GetInt32().ShouldBe(issued);
        Shown(month.GetProperty("starters")).ShouldBe(started is 0 or >= 5 ? started : null);
        overview.GetProperty("municipalityName").GetString().ShouldBe("Oslo");

        var csv = await Coordinator().GetStringAsync($"/api/municipality/overview/months.csv?from={ThisMonth}&to={ThisMonth}");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("kommunenummer,month,referrals,starters,active,completed,dropouts");
        lines[1].Split(',')[..3].ShouldBe(["0301", ThisMonth, issued.ToString(CultureInfo.InvariantCulture)]);
        lines[1].Split(',')[3].ShouldBe(started is 0 or >= 5 ? started.ToString(CultureInfo.InvariantCulture) : string.Empty);
    }

    [Fact]
    public async Task Providers_are_listed_by_distance_with_contract_and_free_places_and_sort_by_name()
    {
        var byDistance = (await (await Coordinator().GetAsync("/api/municipality/overview")).ReadJsonAsync()).GetProperty("locations").EnumerateArray().ToList();
        var byName = (await (await Coordinator().GetAsync("/api/municipality/overview?sort=Name")).ReadJsonAsync()).GetProperty("locations").EnumerateArray().ToList();

        var distances = byDistance.Select(l => l.GetProperty("distanceKm").GetDouble()).ToList();
        distances.ShouldBe(distances.Order().ToList());
        byDistance.Select(l => l.GetProperty("providerName").GetString()).ShouldNotContain("Bergen Helsetrening AS");
        byDistance.Single(l => l.GetProperty("locationId").GetGuid() == DemoIdentities.GrunerlokkaLocationId).GetProperty("contracted").GetBoolean().ShouldBeTrue();
        byDistance.Where(l => l.GetProperty("providerName").GetString() == "Sterk Hverdag AS").ShouldAllBe(l => !l.GetProperty("contracted").GetBoolean());
        var names = byName.Select(l => l.GetProperty("providerName").GetString()!).ToList();
        names.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
        names.Count.ShouldBe(distances.Count);
    }

    [Fact]
    public async Task Uptake_by_benefit_hides_counts_below_five_and_shows_the_reference_population()
    {
        await app.QueryAsync(async db =>
        {
            db.BenefitPopulations.Add(new Server.Features.Contracts.BenefitPopulation
            {
                Kommunenummer = "0301",
                Benefit = AktivResept.Domain.Eligibility.BenefitKind.SicknessBenefit,
                Year = TestData.Today.Year,
                Residents = 12000,
                Source = "NAV (test)",
                ImportedAt = app.Clock.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });

        var uptake = (await (await Coordinator().GetAsync("/api/municipality/overview")).ReadJsonAsync()).GetProperty("uptake");

        var rows = uptake.GetProperty("rows").EnumerateArray().ToList();
        rows.Count.ShouldBe(6);
        foreach (var row in rows)
        {
            if (Shown(row.GetProperty("participants")) is { } count)
            {
                (count is 0 or >= 5).ShouldBeTrue();
            }
        }

        var sickness = rows.Single(r => r.GetProperty("benefit").GetString() == "SicknessBenefit");
        sickness.GetProperty("residents").GetInt32().ShouldBe(12000);
        sickness.GetProperty("source").GetString().ShouldBe("NAV (test)");
    }

    [Fact]
    public async Task A_bad_period_is_a_400_naming_the_field_and_other_roles_are_refused()
    {
        var bad = await Coordinator().GetAsync("/api/municipality/overview?from=2026-13");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.ReadJsonAsync()).GetProperty("errors").GetProperty("from")[0].GetProperty("code").GetString().ShouldBe("overview.period");
        var reversed = await Coordinator().GetAsync("/api/municipality/overview?from=2026-06&to=2026-01");
        (await reversed.ReadJsonAsync()).GetProperty("errors").GetProperty("from")[0].GetProperty("code").GetString().ShouldBe("overview.period");
        (await Coordinator().GetAsync("/api/municipality/overview/nonsense.csv")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await app.AsOsloGym().GetAsync("/api/municipality/overview")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AsGp().GetAsync("/api/municipality/overview")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.ClientAs(Roles.Municipality, org: Claims.ClaimsKit.NextOrganisationNumber()).GetAsync("/api/municipality/overview")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static int? Shown(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();
}
