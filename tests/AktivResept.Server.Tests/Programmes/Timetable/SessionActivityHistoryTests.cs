using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Programmes.Timetable;

/// <summary>
/// A series whose activity changes keeps the activity its past dates were held as: the report, the staff session list and
/// the stored session all say what took place, and only dates not yet started take the new activity. Its own app (and
/// clock), since the clock is moved past two dates.
/// </summary>
public sealed class SessionActivityHistoryTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private HttpClient Gym => app.AsGym(DemoIdentities.AktivTreningOsloOrg);

    [Fact]
    public async Task Changing_a_series_activity_relabels_only_the_dates_not_yet_held()
    {
        var programme = await app.GymProgrammeAsync();
        var term = await Gym.TermAsync(programme);
        var trainer = await app.TrainerAsync("Per Aktiv");
        var series = await (await Gym.AddSeriesAsync(programme, term, TimetableKit.Series(trainer, weekday: "Tuesday", start: "10:00"))).BodyAsync(HttpStatusCode.Created);
        var december = (await app.SessionsAsync(series.Id())).Where(s => s.Date.Month == 12).ToList();
        december.Select(s => s.Date).ShouldBe([new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 15)]); // 22nd and 29th are holidays

        // Two Tuesdays have been held as strength classes; from then on the class is yoga.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 9, 8, 0, 0, TimeSpan.Zero));
        (await Gym.PutAsJsonAsync($"/api/programmes/{programme}/series/{series.Id()}", TimetableKit.Series(trainer, weekday: "Tuesday", start: "10:00", activity: "Yoga")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.SessionsAsync(series.Id())).Where(s => s.Date.Month == 12).Select(s => (s.Date.Day, s.Activity))
            .ShouldBe([(1, ProgrammeActivity.Strength), (8, ProgrammeActivity.Strength), (15, ProgrammeActivity.Yoga)]);
        var report = await (await Gym.GetAsync($"/api/programmes/report?from=2026-12&to=2026-12&programmeId={programme}")).BodyAsync(HttpStatusCode.OK);
        report.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("activity").GetString(), r.GetProperty("sessionsHeld").GetInt32()))
            .ShouldBe([("Strength", 2), ("Yoga", 1)]);
        var staff = await (await Gym.GetAsync($"/api/programmes/{programme}/sessions?from=2026-12-01&to=2026-12-15")).BodyAsync(HttpStatusCode.OK);
        staff.EnumerateArray().Select(s => s.GetProperty("activity").GetString()).ShouldBe(["Strength", "Strength", "Yoga"]);
    }
}
