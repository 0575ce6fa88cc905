using AktivResept.Domain.Calendar;
using AktivResept.Domain.Kpis;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Attendance.Adherence;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Demo;

/// <summary>The full demo's year of contract history on top of the base seed (the fixture seeds only the base).</summary>
public sealed class DemoHistoryTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        (await SeedHistoryAsync()).ShouldBeTrue();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task The_history_is_a_year_of_municipality_funded_courses_in_every_state()
    {
        var oslo = await CoursesAtAsync(DemoIdentities.AktivTreningOsloOrg);
        var bergen = await CoursesAtAsync(DemoIdentities.BergenHelsetreningOrg);

        oslo.Count.ShouldBe(DemoHistory.Oslo.Participants);
        bergen.Count.ShouldBe(DemoHistory.Bergen.Participants);
        var statuses = oslo.Concat(bergen).Select(c => c.Status).Distinct().ToList();
        statuses.ShouldBe(
            [PrescriptionStatus.Issued, PrescriptionStatus.Accepted, PrescriptionStatus.Active, PrescriptionStatus.Completed,
             PrescriptionStatus.DroppedOut, PrescriptionStatus.Expired, PrescriptionStatus.Rejected], ignoreOrder: true);
        var now = _app.Clock.GetUtcNow();
        oslo.Min(c => c.SentAt!.Value).ShouldBeGreaterThan(now.AddDays(-366));
        oslo.Min(c => c.SentAt!.Value).ShouldBeLessThan(now.AddDays(-330));
        oslo.Max(c => c.SentAt!.Value).ShouldBeGreaterThan(now.AddDays(-30));

        // Bergen is meant to be slower: from referral to planned start takes longer than in Oslo on average.
        Wait(bergen).ShouldBeGreaterThan(Wait(oslo) + 5);
    }

    [Fact]
    public async Task Courses_that_ran_have_outcome_measurements_showing_the_generators_true_effects()
    {
        var rows = await _app.QueryAsync(db => db.OutcomeMeasurements.AsNoTracking().ToListAsync());
        decimal[] Changes(string instrument) =>
        [
            .. rows.Where(r => r.Instrument == instrument).GroupBy(r => r.PrescriptionId)
                .Where(g => g.Any(r => r.Timepoint == "baseline") && g.Any(r => r.Timepoint == "end"))
                .Select(g => g.Single(r => r.Timepoint == "end").Score - g.Single(r => r.Timepoint == "baseline").Score),
        ];

        var sitToStand = Changes("sit-to-stand-30s");
        sitToStand.Length.ShouldBeGreaterThan(10);
        sitToStand.Average().ShouldBeInRange(1.5m, 3.5m);
        Changes("six-minute-walk").Average().ShouldBeInRange(25m, 55m);
        Changes("eq-5d-5l").ShouldAllBe(c => c == 0.050m);
        rows.ShouldContain(r => r.Timepoint == "m6");
        rows.ShouldAllBe(r => r.EffectiveAt <= _app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Oslo_and_Bergen_have_active_concession_contracts_with_requirements_and_kpis()
    {
        var versions = await _app.QueryAsync(db => db.ContractVersions.AsNoTracking()
            .Where(v => v.Status == ContractVersionStatus.Active && db.Contracts.Any(c => c.Id == v.ContractId && c.Status == ContractStatus.Active
                && db.Payers.Any(p => p.Id == c.PayerId && (p.OrganisationNumber == DemoIdentities.OsloKommuneOrg || p.OrganisationNumber == DemoIdentities.BergenKommuneOrg))))
            .ToListAsync());

        versions.Count.ShouldBe(2);
        versions.ShouldAllBe(v => v.Capacity.Count > 0 && v.Availability.Count > 0 && v.Content.ActivityTypes.Count > 0 && v.Content.TrainerCompetence != null);
        foreach (var version in versions)
        {
            version.Kpis.Count(k => k.Category == KpiCategory.Result).ShouldBeGreaterThanOrEqualTo(6);
            version.Kpis.Select(k => k.Metric).ShouldContain("certified-trainer-share");
            version.Kpis.Select(k => k.Metric).ShouldContain("answered-within-days");
        }

        var population = await _app.QueryAsync(db => db.BenefitPopulations.AsNoTracking().ToListAsync());
        population.GroupBy(p => p.Kommunenummer).ToDictionary(g => g.Key, g => g.Select(p => p.Benefit).Distinct().Count())
            .ShouldBe(new Dictionary<string, int> { ["0301"] = 6, ["4601"] = 6 });
        population.ShouldAllBe(p => p.Source == "SSB/NAV demo figures" && p.Residents > 0);
    }

    [Fact]
    public async Task Every_course_has_attendance_counted_against_it_and_none_lies_in_the_future()
    {
        var now = _app.Clock.GetUtcNow();
        var perCourse = await _app.QueryAsync(db => db.AttendanceRecords
            .Where(a => a.PrescriptionId != null)
            .GroupBy(a => a.PrescriptionId)
            .Select(g => new { Count = g.Count(), Last = g.Max(a => a.OccurredAt) })
            .ToListAsync());
        var completedOrDropped = await _app.QueryAsync(db => db.Prescriptions.CountAsync(p => p.Status == PrescriptionStatus.Completed || p.Status == PrescriptionStatus.DroppedOut));

        perCourse.Count.ShouldBeGreaterThanOrEqualTo(completedOrDropped);
        perCourse.Sum(c => c.Count).ShouldBeGreaterThan(5_000);
        perCourse.ShouldAllBe(c => c.Last <= now);
    }

    [Fact]
    public async Task The_adherence_job_finds_nothing_to_move_in_the_history()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AdherenceJob>().RunOnceAsync(all: true, CancellationToken.None);

        result.Evaluated.ShouldBeGreaterThan(0);
        result.Transitions.ShouldBe(0);
    }

    [Fact]
    public async Task The_history_is_not_news_and_is_seeded_once()
    {
        (await _app.QueryAsync(db => db.PrescriptionEvents.CountAsync(e => e.FannedOutAt == null))).ShouldBe(0);
        (await SeedHistoryAsync()).ShouldBeFalse();
        (await CoursesAtAsync(DemoIdentities.BergenHelsetreningOrg)).Count.ShouldBe(DemoHistory.Bergen.Participants);
    }

    [Fact]
    public void The_same_clock_plans_the_same_history()
    {
        var now = _app.Clock.GetUtcNow();
        var first = SyntheticCourses.Plan(DemoHistory.Bergen, now);
        var second = SyntheticCourses.Plan(DemoHistory.Bergen, now);

        second.Select(p => (p.IssuedAt, p.AnsweredAt, p.StartDate, p.Sessions.Count, p.End)).ShouldBe(
            first.Select(p => (p.IssuedAt, p.AnsweredAt, p.StartDate, p.Sessions.Count, p.End)));
    }

    private static double Wait(List<Prescription> courses) =>
        courses.Average(c => c.StartDate.DayNumber - OsloCalendar.DateOf(c.SentAt!.Value).DayNumber);

    private Task<List<Prescription>> CoursesAtAsync(string org) =>
        _app.QueryAsync(db => db.Prescriptions.AsNoTracking()
            .Where(p => p.Funding == FundingSource.Municipality && db.Providers.Any(v => v.Id == p.ProviderId && v.OrganisationNumber == org))
            .ToListAsync());

    private async Task<bool> SeedHistoryAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoHistory>().SeedAsync(CancellationToken.None);
    }
}
