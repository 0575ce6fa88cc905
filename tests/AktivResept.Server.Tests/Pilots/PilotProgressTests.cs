using AktivResept.Server.Tests.Contracts;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Pilots;

/// <summary>Enrolment progress against target per municipality and month, checked against a count kept by the test.</summary>
public sealed class PilotProgressTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Enrolment_counts_per_municipality_and_month_match_an_independent_count()
    {
        var oslo = await app.OsloAsync();
        var bergen = await app.MunicipalityAsync("4601", "Bergen kommune (test)", 0.20m);
        var id = (await app.AsCoordinator(oslo).CreatePilotAsync(new
        {
            name = "Tellepilot",
            cohortTarget = 40,
            enrolmentFrom = "2026-10-15",
            enrolmentTo = "2027-03-31",
            followUpMonths = new[] { 0, 6 },
            consentTextVersion = PilotsKit.ConsentVersion,
            municipalities = new object[] { new { municipalityId = oslo.Id, target = 25 }, new { municipalityId = bergen.Id, target = 15 } },
        })).Id();

        // (days after 24 Nov 2026, Oslo enrolments, Bergen enrolments); one withdrawal in Bergen.
        (int Day, int Oslo, int Bergen)[] plan = [(0, 3, 1), (9, 2, 0), (40, 1, 4), (70, 0, 2)];
        var expected = new Dictionary<(string Municipality, string Month), int>();
        string? withdrawFrom = null;
        var moved = 0;
        foreach (var (day, osloCount, bergenCount) in plan)
        {
            app.Clock.Advance(TimeSpan.FromDays(day - moved));
            moved = day;
            var month = Domain.Calendar.OsloCalendar.DateOf(app.Clock.GetUtcNow()).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (m, count) in new[] { (oslo, osloCount), (bergen, bergenCount) })
            {
                for (var i = 0; i < count; i++)
                {
                    var enrolment = await app.AsCoordinator(m).EnrolledAsync(id, await app.ResidentAsync(m.Kommunenummer));
                    withdrawFrom ??= m == bergen ? enrolment.Id().ToString() : null;
                    expected[(m.Kommunenummer, month)] = expected.GetValueOrDefault((m.Kommunenummer, month)) + 1;
                }
            }
        }

        (await app.AsCoordinator(bergen).PostAsync($"/api/pilots/{id}/enrolments/{withdrawFrom}/withdraw", null)).EnsureSuccessStatusCode();
        var progress = await app.AsCoordinator(oslo).GetOkAsync($"/api/pilots/{id}/progress");

        string[] months = ["2026-10", "2026-11", "2026-12", "2027-01", "2027-02"];
        foreach (var m in new[] { oslo, bergen })
        {
            var series = progress.GetProperty("municipalities").EnumerateArray().Single(s => s.GetProperty("municipalityId").GetGuid() == m.Id);
            series.GetProperty("months").EnumerateArray().Select(x => x.GetProperty("month").GetString()).ShouldBe(months);
            series.GetProperty("months").EnumerateArray().Select(x => x.GetProperty("enrolled").GetInt32())
                .ShouldBe(months.Select(month => expected.GetValueOrDefault((m.Kommunenummer, month))));
            series.GetProperty("enrolled").GetInt32().ShouldBe(expected.Where(e => e.Key.Municipality == m.Kommunenummer).Sum(e => e.Value));
        }

        var total = progress.GetProperty("total");
        total.GetProperty("enrolled").GetInt32().ShouldBe(13);
        total.GetProperty("withdrawn").GetInt32().ShouldBe(1);
        total.GetProperty("target").GetInt32().ShouldBe(40);
        total.GetProperty("shareOfTarget").GetDecimal().ShouldBe(0.325m);
        total.GetProperty("months").EnumerateArray().Last().GetProperty("cumulative").GetInt32().ShouldBe(13);
        (await app.QueryAsync(db => db.PilotEnrolments.CountAsync(e => e.PilotId == id))).ShouldBe(13);
    }
}
