using System.Globalization;
using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Demo;

/// <summary>The full demo's history claims through the claims engine, so the demo's health accounts have costs.</summary>
public sealed class DemoClaimsTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<DemoHistory>().SeedAsync(CancellationToken.None)).ShouldBeTrue();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task The_history_claims_are_submitted_and_approved_so_the_oslo_account_has_costs_by_payer_once()
    {
        (await SeedAsync()).ShouldBeTrue();

        var claims = await _app.QueryAsync(db => db.Claims.AsNoTracking()
            .Where(c => db.ClaimLines.Any(l => l.ClaimId == c.Id && l.Status == ClaimLineStatus.Approved)).Select(c => new { c.Status, c.Month }).ToListAsync());
        claims.ShouldNotBeEmpty();
        var today = TestData.Today;
        claims.ShouldAllBe(c => c.Month < new DateOnly(today.Year, today.Month, 1) && c.Status != ClaimStatus.Draft);

        var from = today.AddYears(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var costs = (await (await _app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg).GetAsync($"/api/health-accounts/municipality/0301?from={from}"))
            .ReadJsonAsync()).GetProperty("report").GetProperty("costs");
        var municipality = costs.GetProperty("byPayer").EnumerateArray().Single(p => p.GetProperty("payer").GetString() == "Municipality").GetProperty("claims").GetDecimal();
        municipality.ShouldBeGreaterThan(0m);
        var approved = await _app.QueryAsync(db => (
                from l in db.ClaimLines
                join c in db.Claims on l.ClaimId equals c.Id
                join p in db.Payers on c.PayerId equals p.Id
                where l.Status == ClaimLineStatus.Approved && p.OrganisationNumber == DemoIdentities.OsloKommuneOrg
                select l.PublicShare).ToListAsync());
        municipality.ShouldBe(approved.Sum()); // every approved Oslo line is of an Oslo resident referred in the period

        (await SeedAsync()).ShouldBeFalse();
    }

    private async Task<bool> SeedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoClaims>().SeedAsync(CancellationToken.None);
    }
}
