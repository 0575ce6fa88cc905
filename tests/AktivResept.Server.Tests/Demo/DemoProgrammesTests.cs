using AktivResept.Domain.Claims;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Pilots;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Demo;

/// <summary>The full demo's «Aktiv på dagtid»: Oslo's own programme and a contracted gym's, Trondheim's gym on state funding.</summary>
public sealed class DemoProgrammesTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<DemoProgrammes>().SeedAsync(CancellationToken.None)).ShouldBeTrue();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Seeding_again_does_nothing()
    {
        await using var scope = _app.Services.CreateAsyncScope();

        (await scope.ServiceProvider.GetRequiredService<DemoProgrammes>().SeedAsync(CancellationToken.None)).ShouldBeFalse();
        (await _app.QueryAsync(db => db.Programmes.CountAsync())).ShouldBe(3);
    }

    [Fact]
    public async Task The_demo_has_ten_weekly_series_full_sessions_with_queues_a_cancelled_date_and_history_within_capacity()
    {
        var programmes = await _app.QueryAsync(db => db.Programmes.ToDictionaryAsync(p => p.Name));
        var sessions = await _app.QueryAsync(db => db.ProgrammeSessions.ToListAsync());
        var bookings = await _app.QueryAsync(db => db.ProgrammeBookings.ToListAsync());

        programmes[DemoProgrammes.OsloMunicipal].Operator.ShouldBe(ProgrammeOperator.Municipality);
        programmes[DemoProgrammes.OsloGym].Operator.ShouldBe(ProgrammeOperator.GymUnderContract);
        programmes[DemoProgrammes.OsloGym].ContractId.ShouldNotBeNull();
        programmes[DemoProgrammes.TrondheimGym].Operator.ShouldBe(ProgrammeOperator.GymOnStateFunding);
        programmes.Values.ShouldNotContain(p => p.Kommunenummer == "5001" && p.Operator == ProgrammeOperator.Municipality);
        (await _app.QueryAsync(db => db.ProgrammeSeries.CountAsync())).ShouldBeGreaterThanOrEqualTo(10);
        sessions.Select(s => s.LocationId).Distinct().Count().ShouldBeGreaterThanOrEqualTo(4);
        sessions.ShouldAllBe(s => s.Booked >= 0 && s.Booked <= s.Capacity);
        sessions.ShouldAllBe(s => s.Booked == bookings.Count(b => b.SessionId == s.Id && BookingStatuses.HoldingAPlace.Contains(b.Status)));
        sessions.ShouldAllBe(s => s.Waiting == bookings.Count(b => b.SessionId == s.Id && b.Status == BookingStatus.Waiting));
        sessions.Where(s => s.Booked == s.Capacity && s.Waiting > 0).Select(s => s.ProgrammeId).Distinct().Count().ShouldBeGreaterThanOrEqualTo(2);
        var cancelled = sessions.Where(s => s.IsCancelled).ShouldHaveSingleItem();
        cancelled.CancellationReason.ShouldBe(DemoProgrammes.CancellationReason);
        bookings.Where(b => b.SessionId == cancelled.Id).ShouldAllBe(b => b.Status == BookingStatus.SessionCancelled);
        bookings.Count(b => b.SessionId == cancelled.Id).ShouldBeGreaterThan(0);
        bookings.Count(b => b.Status == BookingStatus.Attended).ShouldBeGreaterThan(100);
        bookings.ShouldContain(b => b.Status == BookingStatus.NoShow);
    }

    [Fact]
    public async Task The_gyms_have_claims_for_the_attended_history_and_the_municipal_programme_none()
    {
        var lines = await _app.QueryAsync(db => (
                from l in db.ClaimLines
                join s in db.ProgrammeSessions on l.ProgrammeSessionId equals s.Id
                join p in db.Programmes on s.ProgrammeId equals p.Id
                select new { p.Name, l.Service, l.Tariff, l.Copay, l.Status })
            .ToListAsync());

        lines.Where(l => l.Name == DemoProgrammes.OsloGym).ShouldAllBe(l => l.Service == ServiceType.GroupSession && l.Tariff == 180m && l.Copay == 0m && l.Status == ClaimLineStatus.Priced);
        lines.Where(l => l.Name == DemoProgrammes.TrondheimGym).ShouldAllBe(l => l.Service == ServiceType.ProgrammeSession && l.Tariff == 1200m && l.Status == ClaimLineStatus.Priced);
        lines.Count(l => l.Name == DemoProgrammes.OsloGym).ShouldBeGreaterThan(20);
        lines.Count(l => l.Name == DemoProgrammes.TrondheimGym).ShouldBeGreaterThanOrEqualTo(12);
        lines.ShouldNotContain(l => l.Name == DemoProgrammes.OsloMunicipal);
    }

    [Fact]
    public async Task The_Oslo_coordinator_reads_the_demo_in_the_monthly_report()
    {
        var oslo = _app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

        var report = await oslo.GetOkAsync("/api/programmes/report?from=2026-10&to=2026-12");

        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("series").GetString()).Distinct().Count().ShouldBe(6);
        rows.ShouldContain(r => r.GetProperty("sessionsCancelled").GetInt32() == 1);
        rows.ShouldContain(r => r.GetProperty("fillRatePercent").ValueKind == System.Text.Json.JsonValueKind.Number);
    }
}
