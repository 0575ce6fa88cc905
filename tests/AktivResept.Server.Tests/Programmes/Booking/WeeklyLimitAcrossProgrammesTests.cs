using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Booking;

/// <summary>
/// The weekly limit is per person, across programmes: one person's bookings in two programmes, sent at the same
/// instant to two app instances, are judged one at a time under the person's row lock, so the limit holds.
/// </summary>
[PostgresOnly("SQLite serialises writers in one process; the person's row lock across two instances is PostgreSQL's")]
public sealed class WeeklyLimitAcrossProgrammesTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Concurrent_bookings_in_two_programmes_never_take_one_person_past_the_weekly_limit()
    {
        var gym = await app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync());
        var municipal = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 3);
        var gymRun = await ProgrammeTestData.WeeklyClassAsync(app, "0301", DemoIdentities.MajorstuenLocationId, 10, 3, null, ProgrammeOperator.GymUnderContract, gym, null, DayOfWeek.Thursday);
        // Four sessions in the week after next, none overlapping: Tuesday and Wednesday in one programme, Thursday and Friday in the other.
        var tuesday = municipal.SessionIds[1];
        var tuesdayStart = (await app.SessionAsync(tuesday)).StartsAt;
        var wednesday = await app.ExtraSessionAsync(municipal, tuesdayStart.AddDays(1));
        var thursday = gymRun.SessionIds[1];
        var friday = await app.ExtraSessionAsync(gymRun, tuesdayStart.AddDays(3));
        var week = new[] { (municipal, tuesday), (municipal, wednesday), (gymRun, thursday), (gymRun, friday) };
        OsloCalendar.IsoWeekOf((await app.SessionAsync(friday)).Date).ShouldBe(OsloCalendar.IsoWeekOf((await app.SessionAsync(tuesday)).Date));

        await using var second = app.SecondInstance();
        using var first = app.AsOsloCoordinator();
        using var other = second.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);
        var outcomes = new List<HttpStatusCode>();
        for (var person = 0; person < 6; person++)
        {
            var fnr = await app.RegisteredPersonAsync(municipal.ProgrammeId);
            (await first.PostAsJsonAsync($"/api/programmes/{gymRun.ProgrammeId}/registrations", BookingKit.NewPerson(fnr))).IsSuccessStatusCode.ShouldBeTrue();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = week.Select((s, i) => Task.Run(async () =>
            {
                await start.Task;
                return await (i % 2 == 0 ? first : other).BookAsync(s.Item1, s.Item2, fnr);
            })).ToList();
            start.SetResult();
            var responses = await Task.WhenAll(attempts);
            var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
            responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(3, $"person {person}");
            await refused.ShouldHaveSingleItem().ShouldBeRefusedAsync("programme.booking.weekly-limit");
            outcomes.AddRange(responses.Select(r => r.StatusCode));
        }

        outcomes.Count(s => s == HttpStatusCode.Created).ShouldBe(18);
    }
}
